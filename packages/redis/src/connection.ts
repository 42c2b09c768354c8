// One ioredis connection as the transport wants it (to one Redis, or to a Redis Cluster with sharded pub/sub): lazy, retrying with backoff, never queueing offline.
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { backoffDelay, type Backoff } from './backoff.js';
import { RedisTransportError } from './redis-transport-error.js';

/** A connection of the transport: to one Redis, or to a Redis Cluster. */
export type Connection = Redis | Cluster;

/** How packets travel: classic pub/sub on one Redis, sharded pub/sub (Redis 7) on a cluster. */
export interface PubSub {
  /** Publishes `message` on `channel` (`PUBLISH`, or `SPUBLISH` to the shard that owns the channel). */
  publish(connection: Connection, channel: string, message: Buffer): Promise<unknown>;
  /** Subscribes to `channels` (`SUBSCRIBE`, or one `SSUBSCRIBE` per channel: each may live on another shard). */
  subscribe(connection: Connection, channels: readonly string[]): Promise<void>;
  /** The ioredis event of a message received as a Buffer. */
  readonly messageEvent: 'messageBuffer' | 'smessageBuffer';
}

/** Classic pub/sub, on one Redis. */
export const CLASSIC_PUBSUB: PubSub = {
  publish: (connection, channel, message) => connection.publish(channel, message),
  subscribe: (connection, channels) => connection.subscribe(...channels).then(() => undefined),
  messageEvent: 'messageBuffer',
};

/** Sharded pub/sub, on a Redis Cluster. */
export const SHARDED_PUBSUB: PubSub = {
  publish: (connection, channel, message) => connection.spublish(channel, message),
  subscribe: async (connection, channels) => void (await Promise.all(channels.map((channel) => connection.ssubscribe(channel)))),
  messageEvent: 'smessageBuffer',
};

/** The options every connection of the transport uses, whatever the caller gave. */
function ownOptions(backoff: Backoff | undefined): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => backoffDelay(attempt, backoff),
  };
}

/**
 * A connection to `url`, not yet connected (`connect()` opens it). It retries with `backoff` for as
 * long as it lives; commands sent while it is not ready fail at once rather than pile up in an
 * offline queue, and a command that was sent but not answered when the connection broke is not sent
 * again (a PUBLISH is at most once). Errors are reported as events: the owner must listen to `error`.
 */
export function openConnection(url: string, extra: RedisOptions, backoff: Backoff | undefined): Redis {
  return new Redis(url, { ...extra, ...ownOptions(backoff) });
}

/**
 * A connection to the Redis Cluster that the node at `url` belongs to (the other masters are found
 * through it), not yet connected. The cluster retries with `backoff`; commands fail at once while it
 * is not ready. A `subscriber` keeps one sharded subscriber connection per master (ioredis's
 * `shardedSubscribers`), which follows the slots when the cluster's topology changes.
 */
export function openClusterConnection(url: string, extra: RedisOptions, backoff: Backoff | undefined, subscriber: boolean): Cluster {
  const { host, port, tls, ...auth } = seedOf(url);
  return new Cluster([{ host, port }], {
    lazyConnect: true,
    enableOfflineQueue: false,
    shardedSubscribers: subscriber,
    clusterRetryStrategy: (attempt) => backoffDelay(attempt, backoff),
    redisOptions: { ...extra, ...auth, ...(tls ? { tls: extra.tls ?? {} } : {}), autoResendUnfulfilledCommands: false, maxRetriesPerRequest: null },
  });
}

/** The host, port and credentials of a `redis://` or `rediss://` url (TLS on for `rediss://`). */
export function seedOf(url: string): { host: string; port: number; tls: boolean; username?: string; password?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new RedisTransportError('badOption', `a cluster's url must be a redis:// or rediss:// url (got one that does not parse)`, { cause: error });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new RedisTransportError('badOption', `a cluster's url must be a redis:// or rediss:// url (got ${parsed.protocol})`);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    tls: parsed.protocol === 'rediss:',
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
  };
}
