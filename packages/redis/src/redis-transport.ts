// createRedisTransport: a Corral cluster transport over Redis pub/sub, one channel per node and one for broadcasts.
import { consoleLogger, formatReason, type Logger, type NodeIdentity, type Transport, type TransportEvents } from '@corral/actor';
import type { Redis, RedisOptions } from 'ioredis';
import type { Backoff } from './backoff.js';
import { channelsOf } from './channels.js';
import { openConnection } from './connection.js';
import { envelopeHeader, open, seal } from './envelope.js';
import { LinkState, type ConnectionEvent } from './link-state.js';
import { Outbox, type Bundle } from './outbox.js';
import { RedisTransportError } from './redis-transport-error.js';

/** Options of {@link createRedisTransport}. */
export interface RedisTransportOptions {
  /** Where Redis is: `redis://[:password@]host:port[/db]`, or `rediss://` for TLS. */
  url: string;
  /** The cluster's name: nodes see only the nodes of their namespace, so several clusters can share one Redis (default `'corral'`). */
  namespace?: string;
  /** Waits between attempts to reach Redis again after a connection is lost (default 50 ms doubling up to 2 s). */
  backoff?: Backoff;
  /** Where losing and regaining Redis is reported (default: the console; `info` is silent there). */
  logger?: Logger;
  /** Called each time the transport comes up (connected and subscribed) or goes down. */
  onConnection?: (event: ConnectionEvent) => void;
  /** More ioredis options (TLS certificates, `username`, timeouts); the transport's own choices win where they overlap. */
  redis?: RedisOptions;
}

/** A {@link Transport} over Redis, with a look at its connection. */
export interface RedisTransport extends Transport {
  /** True while both connections are ready and the node's channels are subscribed. */
  readonly connected: boolean;
  /** Packets dropped because Redis could not be reached when they were sent. */
  readonly dropped: number;
}

type Phase = 'idle' | 'starting' | 'running' | 'stopped';

/** How many bytes of packets a node collects before it publishes them without waiting for the end of the tick. */
const BUNDLE_BYTES = 16 * 1024;

/**
 * A transport for `createNode({ transport })` whose packets travel through Redis pub/sub: node `n` of
 * namespace `ns` listens on channel `ns:node:n` and on `ns:all` for broadcasts. One publisher
 * connection carries every packet a node sends, so packets from one sender arrive in order; the
 * packets sent in one tick travel together, consecutive ones to the same channel as one Redis
 * message (see {@link Outbox}), published at the end of the tick or once 16 KiB are waiting. When
 * Redis goes away the connections retry with backoff and resubscribe when it is back; packets sent
 * meanwhile are dropped (counted in `dropped`), never queued, and sending never throws. `start`
 * rejects when Redis cannot be reached at all.
 */
export function createRedisTransport(options: RedisTransportOptions): RedisTransport {
  const { url, namespace = 'corral', backoff, logger = consoleLogger, onConnection, redis = {} } = options;
  if (typeof url !== 'string' || url.length === 0) throw new RedisTransportError('badOption', 'a Redis transport needs a url');
  const channels = channelsOf(namespace);
  let phase: Phase = 'idle';
  let dropped = 0;
  let publisher: Redis | null = null;
  let subscriber: Redis | null = null;
  let link: LinkState | null = null;
  let header: Buffer = Buffer.alloc(0);
  const outbox = new Outbox(BUNDLE_BYTES);
  let flushQueued = false;
  const connectedTo = (connection: Redis | null): connection is Redis => connection !== null && link !== null && link.up && connection.status === 'ready';

  function publish(channel: string, bytes: Uint8Array): void {
    if (phase !== 'running') return;
    if (!connectedTo(publisher)) return void dropped++;
    if (outbox.push(channel, bytes)) return flush();
    if (flushQueued) return;
    flushQueued = true;
    setImmediate(() => {
      flushQueued = false;
      flush();
    });
  }

  /** Publishes what the outbox holds, one message per bundle, in order; a bundle that cannot reach Redis is dropped and counted. */
  function flush(): void {
    if (outbox.size === 0) return;
    const bundles = outbox.take();
    if (!connectedTo(publisher)) return void (dropped += packetsIn(bundles));
    for (const { channel, packets, bytes } of bundles) {
      publisher.publish(channel, seal(header, packets, bytes)).catch(() => void (dropped += packets.length));
    }
  }

  async function start(self: NodeIdentity, events: TransportEvents): Promise<void> {
    if (phase !== 'idle') throw new RedisTransportError('alreadyStarted');
    phase = 'starting';
    header = envelopeHeader(self.name);
    const own = [channels.node(self.name), channels.all];
    const label = `node ${self.name}`;
    const pub = (publisher = openConnection(url, redis, backoff));
    const sub = (subscriber = openConnection(url, redis, backoff));
    const onResumed = (): void => {
      if (phase === 'running') events.resumed?.();
    };
    const state = (link = new LinkState({ label, logger, onEvent: onConnection, onResumed }));
    sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
      if (phase !== 'running') return;
      const opened = open(message);
      if (!opened.ok) return logger.warn(`${label}: dropped a message on Redis that is not a Corral packet: ${opened.error}`);
      if (opened.from === self.name) return;
      for (const packet of opened.packets) events.packet(opened.from, packet);
    });
    state.watch(pub, 'publisher', () => Promise.resolve());
    state.watch(sub, 'subscriber', () => sub.subscribe(...own).then(() => undefined));
    try {
      await Promise.all([pub.connect(), sub.connect()]);
      await state.whenUp();
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      if ((phase as Phase) === 'stopped') return; // stop() was called while starting: not a failure
      phase = 'stopped';
      throw new RedisTransportError('unreachable', `${label} cannot reach Redis at ${redactUrl(url)}: ${formatReason(error)}`, { cause: error });
    }
    if (phase === 'starting') phase = 'running';
    else await Promise.all([close(pub), close(sub)]);
  }

  async function stop(): Promise<void> {
    if (phase === 'stopped') return;
    const wasStarting = phase === 'starting';
    phase = 'stopped';
    flush(); // the packets of this tick (the node's goodbye among them) go out before QUIT
    link?.retire();
    if (publisher === null || subscriber === null) return;
    if (wasStarting) {
      // Nothing was sent yet: hang up now, which also ends the connection attempts and start().
      publisher.disconnect();
      subscriber.disconnect();
      return;
    }
    await Promise.all([close(publisher), close(subscriber)]);
  }

  return {
    start,
    send: (toNode, bytes) => publish(channels.node(toNode), bytes),
    broadcast: (bytes) => publish(channels.all, bytes),
    stop,
    get connected() {
      return phase === 'running' && link !== null && link.up;
    },
    get dropped() {
      return dropped;
    },
  };
}

/** How many packets `bundles` hold. */
function packetsIn(bundles: readonly Bundle[]): number {
  let count = 0;
  for (const bundle of bundles) count += bundle.packets.length;
  return count;
}

/** Quits politely after the commands already sent (a goodbye among them); hangs up at once when Redis is unreachable. */
async function close(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') return void connection.disconnect();
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}

/** The url without its password, for messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_m, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0] ?? ''}:***` : '***'}@`);
}
