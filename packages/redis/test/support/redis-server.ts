// A real redis-server for tests: the package's own local server (src/local-redis-server.ts), under the names the tests use.
import { freePort, startLocalRedisServer, type LocalRedisServer } from '../../src/local-redis-server.js';

export { freePort };

/** A redis-server child process on 127.0.0.1, stopped (or restarted) on demand. */
export type RedisServer = LocalRedisServer;

/** Starts `redis-server` (extra arguments appended, e.g. `['--requirepass', 'secret']`) on a free loopback port. */
export function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServer> {
  return startLocalRedisServer({ args: extraArgs });
}
