// @corral/redis/local-server: a redis-server of its own, for development and tests.
/**
 * Starts Debian's `redis-server` (or any on the `PATH`) as a child process on a free loopback port,
 * without persistence: what the tests and the cluster example use when no Redis is given.
 *
 * @module @corral/redis/local-server
 */
export { startLocalRedisServer, freePort, type LocalRedisServer, type LocalRedisServerOptions } from './local-redis-server.js';
export { startLocalRedisCluster, type LocalRedisCluster, type LocalRedisClusterOptions } from './local-redis-cluster.js';
