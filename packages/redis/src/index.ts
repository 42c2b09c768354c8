// @corral/redis: a Corral cluster transport over Redis pub/sub.
/**
 * A cluster transport for `@corral/actor` over Redis pub/sub: `createNode({ name, transport:
 * createRedisTransport({ url }) })` joins the nodes that share a Redis and a namespace.
 *
 * @module @corral/redis
 */
export { createRedisTransport, type RedisTransport, type RedisTransportEvents, type RedisTransportStats } from './redis-transport.js';
export { TRANSPORT_DEFAULTS, type RedisTransportOptions } from './transport-options.js';
export { isLocalRedis, isLoopbackHost } from './redis-locality.js';
export type { RejectReason } from './receiver.js';
export type { DropReason } from './sender.js';
export type { ConnectionEvent } from './link-state.js';
export { backoffDelay, type Backoff } from './backoff.js';
export { RedisTransportError, RedisTransportErrorCodes, isRedisTransportError, type RedisTransportErrorCode } from './redis-transport-error.js';
