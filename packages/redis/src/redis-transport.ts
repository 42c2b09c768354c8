// createRedisTransport: a Corral cluster transport over Redis pub/sub, one channel per node and one for broadcasts.
import { formatReason, type Clock, type NodeIdentity, type Transport, type TransportEvents } from '@corral/actor';
import { channelsOf, type Channels } from './channels.js';
import { CLASSIC_PUBSUB, SHARDED_PUBSUB, openClusterConnection, openConnection, type Connection } from './connection.js';
import { ENVELOPE_VERSION, envelopeHeader } from './envelope.js';
import { LinkState } from './link-state.js';
import { OncePerInterval } from './once-per-interval.js';
import { BROADCAST } from './outbox.js';
import { Receiver, type RejectReason } from './receiver.js';
import { isLocalRedis } from './redis-locality.js';
import { RedisTransportError } from './redis-transport-error.js';
import { ReplayGuard } from './replay-guard.js';
import { Sender, type DropReason, type SenderOptions } from './sender.js';
import { BUNDLE_BYTES, resolveOptions, type RedisTransportOptions, type ResolvedOptions } from './transport-options.js';

export type { RedisTransportOptions } from './transport-options.js';

/** What the transport tells the node, with the `dropped` event of `@corral/actor`'s transport contract. */
export type RedisTransportEvents = TransportEvents & {
  /** Packets for `toNode` (null: broadcasts) were dropped on the way out: the node ends its connection to it. */
  dropped?(toNode: string | null, count: number, reason: DropReason): void;
};

/** The transport's figures (`Transport.stats()`). */
export interface RedisTransportStats {
  /** Bytes of packets accepted but not yet written to Redis, per destination node name (`'*'` for broadcasts); none left out. */
  outboxBytes: Record<string, number>;
  /** Packets this transport dropped on the way out (Redis unreachable, an outbox over its limit, a packet over `maxPacketBytes`). */
  dropped: number;
  /** Redis messages refused on arrival, by reason. */
  rejected: Record<RejectReason, number>;
}

/** A {@link Transport} over Redis, with a look at its connection. */
export interface RedisTransport extends Transport {
  start(self: NodeIdentity, events: RedisTransportEvents): Promise<void>;
  /** True while both connections are ready and the node's channels are subscribed. */
  readonly connected: boolean;
  /** Packets dropped on the way out (as `stats().dropped`). */
  readonly dropped: number;
  /** The outboxes, drops and refusals so far. */
  stats(): RedisTransportStats;
}

type Phase = 'idle' | 'starting' | 'running' | 'stopped';

/** Refused messages and dropped packets are logged at most once per this, per kind. */
const LOG_INTERVAL_MS = 10_000;
/** How many (sender, channel) pairs a receiver remembers the last counter of. */
const REPLAY_ENTRIES = 10_000;

/**
 * A transport for `createNode({ transport })` whose packets travel through Redis pub/sub: node `n` of
 * namespace `ns` listens on channel `ns:node:n` and on `ns:all` for broadcasts. One publisher
 * connection carries every packet a node sends, so packets from one sender arrive in order; the
 * packets sent in one tick travel together, consecutive ones to the same destination as one Redis
 * message, signed with the cluster `secret` when there is one. Messages are checked before any packet
 * reaches the node (see {@link Receiver}); outboxes are bounded (see {@link Sender}). When Redis goes
 * away the connections retry with backoff and resubscribe when it is back; packets sent meanwhile are
 * dropped and reported, never queued, and sending never throws. `start` rejects when Redis cannot be
 * reached within `connectTimeoutMs`, and (without a secret) when Redis is not on this machine.
 */
export function createRedisTransport(options: RedisTransportOptions): RedisTransport {
  const o = resolveOptions(options);
  const channels = channelsOf(o.namespace);
  let phase: Phase = 'idle';
  let publisher: Connection | null = null;
  let subscriber: Connection | null = null;
  const pubsub = o.cluster ? SHARDED_PUBSUB : CLASSIC_PUBSUB;
  const open = (subscriberRole: boolean): Connection => (o.cluster ? openClusterConnection(o.url, o.redis, o.backoff, subscriberRole) : openConnection(o.url, o.redis, o.backoff));
  let link: LinkState | null = null;
  let sender: Sender | null = null;
  let receiver: Receiver | null = null;
  const connected = (): boolean => publisher !== null && link !== null && link.up && publisher.status === 'ready';

  async function start(self: NodeIdentity, events: RedisTransportEvents): Promise<void> {
    if (phase !== 'idle') throw new RedisTransportError('alreadyStarted');
    const label = `node ${self.name}`;
    if (o.mac === null && !o.insecure && !isLocalRedis(o.url, o.redis)) {
      throw new RedisTransportError('insecure', `${label} would join ${redactUrl(o.url)} without a secret: give every node the same \`secret\` (or \`insecure: true\` for a Redis only trusted parties can reach)`);
    }
    phase = 'starting';
    const logPace = new OncePerInterval(o.clock, LOG_INTERVAL_MS);
    const pub = (publisher = open(false));
    const sub = (subscriber = open(true));
    const parts: Parts = { o, channels, self, label, logPace };
    sender = senderOf(parts, (channel, message) => pubsub.publish(pub, channel, message), connected, (toNode, count, reason) => {
      if (phase === 'running') events.dropped?.(toNode, count, reason);
    });
    const rx = (receiver = receiverOf(parts, (from, packet) => events.packet(from, packet)));
    sub.on(pubsub.messageEvent, (channel: Buffer, message: Buffer) => {
      if (phase === 'running') rx.onMessage(channel, message);
    });
    const onResumed = (): void => {
      if (phase === 'running') events.resumed?.();
    };
    const state = (link = new LinkState({ label, logger: o.logger, onEvent: o.onConnection, onResumed }));
    state.watch(pub, 'publisher', () => Promise.resolve());
    state.watch(sub, 'subscriber', () => pubsub.subscribe(sub, [channels.node(self.name), channels.all]));
    try {
      await within(o.clock, o.connectTimeoutMs, Promise.all([pub.connect(), sub.connect()]).then(() => state.whenUp()));
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      if ((phase as Phase) === 'stopped') return; // stop() was called while starting: not a failure
      phase = 'stopped';
      throw new RedisTransportError('unreachable', `${label} cannot reach Redis at ${redactUrl(o.url)}: ${error instanceof Error ? error.message : formatReason(error)}`, { cause: error });
    }
    if (phase === 'starting') phase = 'running';
    else await Promise.all([close(pub), close(sub)]);
  }

  async function stop(): Promise<void> {
    if (phase === 'stopped') return;
    const wasStarting = phase === 'starting';
    phase = 'stopped'; // before the flush: drops found now are not reported to a node that is leaving
    sender?.flush(); // the packets of this tick (the node's goodbye among them) go out before QUIT
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

  const send = (dest: string, bytes: Uint8Array): void => {
    if (phase === 'running') sender?.send(dest, bytes);
  };
  return {
    start,
    send,
    broadcast: (bytes) => send(BROADCAST, bytes),
    stop,
    get connected() {
      return phase === 'running' && connected();
    },
    get dropped() {
      return sender?.dropped ?? 0;
    },
    stats: () => ({
      outboxBytes: sender?.outboxBytes() ?? {},
      dropped: sender?.dropped ?? 0,
      rejected: { mac: 0, replay: 0, oversize: 0, malformed: 0, ...receiver?.rejected },
    }),
  };
}

/** What the sender and the receiver of a started transport are made of. */
interface Parts {
  o: ResolvedOptions;
  channels: Channels;
  self: NodeIdentity;
  label: string;
  logPace: OncePerInterval;
}

/** The send path of node `self`, publishing on `pub`. */
function senderOf({ o, channels, self, label, logPace }: Parts, publish: SenderOptions['publish'], connected: () => boolean, onDropped: SenderOptions['onDropped']): Sender {
  return new Sender({
    header: envelopeHeader(self.name, o.mac === null ? ENVELOPE_VERSION.plain : ENVELOPE_VERSION.signed),
    mac: o.mac,
    nowMicros: wallClockMicros,
    channelOf: (dest) => (dest === BROADCAST ? channels.all : channels.node(dest)),
    publish,
    connected,
    later: (flush) => void setImmediate(flush),
    onDropped,
    maxPacketBytes: o.maxPacketBytes,
    maxOutboxBytes: o.maxOutboxBytes,
    bundleBytes: BUNDLE_BYTES,
    label,
    logger: o.logger,
    logPace,
  });
}

/** The receive path of node `self`; its replay table refuses, from a sender it has not heard yet, anything older than its start less `maxClockSkewMs`. */
function receiverOf({ o, channels, self, label, logPace }: Parts, deliver: (from: string, packet: Uint8Array) => void): Receiver {
  return new Receiver({
    self: self.name,
    channels: { node: channels.node(self.name), all: channels.all },
    mac: o.mac,
    guard: new ReplayGuard({ maxEntries: REPLAY_ENTRIES, floor: wallClockMicros() - o.maxClockSkewMs * 1000 }),
    maxMessageBytes: o.maxMessageBytes,
    deliver,
    label,
    logger: o.logger,
    logPace,
  });
}

/** The wall clock in microseconds (the scale of envelope counters). */
function wallClockMicros(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

/** `promise`, or a rejection once `ms` have passed on `clock` without it settling. */
async function within<T>(clock: Clock, ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<Clock['setTimer']> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = clock.setTimer(ms, () => reject(new Error(`no answer within ${ms} ms (connectTimeoutMs)`)));
  });
  promise.catch(() => undefined); // lost the race: its later failure is no unhandled rejection
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (timer !== undefined) clock.clearTimer(timer);
  }
}

/** Quits politely after the commands already sent (a goodbye among them); hangs up at once when Redis is unreachable. */
async function close(connection: Connection): Promise<void> {
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
