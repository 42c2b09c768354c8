// One ioredis connection as the transport wants it: lazy, retrying with backoff, never queueing offline.
import { Redis, type RedisOptions } from 'ioredis';
import { backoffDelay, type Backoff } from './backoff.js';

/**
 * A connection to `url`, not yet connected (`connect()` opens it). It retries with `backoff` for as
 * long as it lives; commands sent while it is not ready fail at once rather than pile up in an
 * offline queue, and a command that was sent but not answered when the connection broke is not sent
 * again (a PUBLISH is at most once). Errors are reported as events: the owner must listen to `error`.
 */
export function openConnection(url: string, extra: RedisOptions, backoff: Backoff | undefined): Redis {
  return new Redis(url, {
    ...extra,
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => backoffDelay(attempt, backoff),
  });
}
