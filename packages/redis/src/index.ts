// @corral/redis: a Corral cluster transport over Redis pub/sub.
/**
 * A cluster transport for `@corral/actor` over Redis pub/sub: `createNode({ name, transport:
 * createRedisTransport({ url }) })` joins the nodes that share a Redis and a namespace.
 *
 * @module @corral/redis
 */
export { createRedisTransport, type RedisTransport, type RedisTransportOptions } from './redis-transport.js';
export type { ConnectionEvent } from './link-state.js';
export { backoffDelay, type Backoff } from './backoff.js';
export { RedisTransportError, RedisTransportErrorCodes, isRedisTransportError, type RedisTransportErrorCode } from './redis-transport-error.js';
