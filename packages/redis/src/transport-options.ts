// The options of a Redis transport: their defaults, and the checks that refuse a bad value before anything starts.
import { consoleLogger, realClock, type Clock, type Logger } from '@corral/actor';
import type { RedisOptions } from 'ioredis';
import type { Backoff } from './backoff.js';
import type { ConnectionEvent } from './link-state.js';
import { EnvelopeMac, MIN_SECRET_BYTES } from './envelope-mac.js';
import { MAX_NAME_BYTES, PACKET_PREFIX_BYTES, SEAL_BYTES } from './envelope.js';
import { RedisTransportError } from './redis-transport-error.js';

/** Options of `createRedisTransport`. */
export interface RedisTransportOptions {
  /** Where Redis is: `redis://[:password@]host:port[/db]`, or `rediss://` for TLS. */
  url: string;
  /** The cluster's name: nodes see only the nodes of their namespace, so several clusters can share one Redis (default `'corral'`). */
  namespace?: string;
  /**
   * True when `url` names a node of a Redis Cluster (Redis 7 or later): the transport then uses
   * sharded pub/sub (`SSUBSCRIBE`/`SPUBLISH`), so each channel lives on the shard that owns its slot
   * (default false: one Redis, classic pub/sub).
   */
  cluster?: boolean;
  /**
   * The cluster secret (Erlang's cookie), at least 16 bytes, the same on every node: each Redis
   * message is signed with it, and messages not signed with it are refused. Without one, anyone who
   * can PUBLISH on the namespace can speak for any node, and `start` refuses a Redis that is not on
   * this machine unless `insecure` is set. See SECURITY.md.
   */
  secret?: string | Uint8Array;
  /** Allows a Redis that is not on this machine (not loopback, not a unix socket) without a `secret` (default false). */
  insecure?: boolean;
  /** Larger Redis messages are refused on arrival, unread, counted as `oversize` (default 8 MiB). */
  maxMessageBytes?: number;
  /** A larger packet is not sent: it is dropped and reported as an `overflow` to its destination (default 1 MiB). */
  maxPacketBytes?: number;
  /** Bytes of packets to one destination accepted but not yet written to Redis; past it, packets to it are dropped (default 64 MiB). */
  maxOutboxBytes?: number;
  /** `start` rejects with `unreachable` when Redis has not answered within this (default 10,000 ms). */
  connectTimeoutMs?: number;
  /** How far behind this node's clock another node's may be at this node's start before its first messages count as replays (default 300,000 ms). */
  maxClockSkewMs?: number;
  /** Waits between attempts to reach Redis again after a connection is lost (default 50 ms doubling up to 2 s). */
  backoff?: Backoff;
  /** Where losing and regaining Redis, and refused or dropped messages, are reported (default: the console; `info` is silent there). */
  logger?: Logger;
  /** The clock of the connect timeout and of the log's pace (default: the real one). */
  clock?: Clock;
  /** Called each time the transport comes up (connected and subscribed) or goes down. */
  onConnection?: (event: ConnectionEvent) => void;
  /** More ioredis options (TLS certificates, `username`, timeouts); the transport's own choices win where they overlap. */
  redis?: RedisOptions;
}

/** The defaults of the size limits and timeouts. */
export const TRANSPORT_DEFAULTS = {
  maxMessageBytes: 8 * 1024 * 1024,
  maxPacketBytes: 1024 * 1024,
  maxOutboxBytes: 64 * 1024 * 1024,
  connectTimeoutMs: 10_000,
  maxClockSkewMs: 300_000,
} as const;

/** How many bytes of packets a node collects before it publishes them without waiting for the end of the tick. */
export const BUNDLE_BYTES = 16 * 1024;

/** The options with their defaults filled in and checked. */
export type ResolvedOptions = Required<Omit<RedisTransportOptions, 'secret' | 'onConnection' | 'backoff'>> & {
  mac: EnvelopeMac | null;
  backoff: Backoff | undefined;
  onConnection: ((event: ConnectionEvent) => void) | undefined;
};

/** The largest Redis message a sender with `maxPacketBytes` writes: a bundle just under {@link BUNDLE_BYTES}, then one packet of the limit. */
export function largestMessage(maxPacketBytes: number): number {
  return 3 + MAX_NAME_BYTES + SEAL_BYTES + BUNDLE_BYTES - 1 + PACKET_PREFIX_BYTES + maxPacketBytes;
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RedisTransportError('badOption', `${name} must be a positive whole number (got ${String(value)})`);
  return value;
}

function macOf(secret: string | Uint8Array | undefined): EnvelopeMac | null {
  if (secret === undefined) return null;
  if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) throw new RedisTransportError('badOption', 'the secret must be a string or bytes');
  try {
    return new EnvelopeMac(secret);
  } catch (error) {
    throw new RedisTransportError('badOption', `the secret must be at least ${MIN_SECRET_BYTES} bytes (32 random bytes are best)`, { cause: error });
  }
}

/** `options` with defaults; throws `RedisTransportError('badOption')` for a value it cannot use. */
export function resolveOptions(options: RedisTransportOptions): ResolvedOptions {
  const { url, secret, namespace = 'corral', cluster = false, insecure = false, backoff, onConnection, logger = consoleLogger, clock = realClock, redis = {} } = options;
  if (typeof url !== 'string' || url.length === 0) throw new RedisTransportError('badOption', 'a Redis transport needs a url');
  const d = TRANSPORT_DEFAULTS;
  const maxPacketBytes = positive('maxPacketBytes', options.maxPacketBytes ?? d.maxPacketBytes);
  const maxMessageBytes = positive('maxMessageBytes', options.maxMessageBytes ?? d.maxMessageBytes);
  if (maxMessageBytes < largestMessage(maxPacketBytes)) {
    throw new RedisTransportError('badOption', `maxMessageBytes must hold the largest message a node with this maxPacketBytes sends (${largestMessage(maxPacketBytes)} bytes)`);
  }
  return {
    url, namespace, cluster, insecure, backoff, onConnection, logger, clock, redis, mac: macOf(secret), maxPacketBytes, maxMessageBytes,
    maxOutboxBytes: positive('maxOutboxBytes', options.maxOutboxBytes ?? d.maxOutboxBytes),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs ?? d.connectTimeoutMs),
    maxClockSkewMs: positive('maxClockSkewMs', options.maxClockSkewMs ?? d.maxClockSkewMs),
  };
}
