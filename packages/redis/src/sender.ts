// Sender: the send path of a Redis transport; bundles, bounded outboxes per peer, sealing (signed or plain), and drops reported to the node.
import type { Logger } from '@corral/actor';
import { SEAL_BYTES, seal } from './envelope.js';
import { channelTag, type EnvelopeMac } from './envelope-mac.js';
import type { OncePerInterval } from './once-per-interval.js';
import { BROADCAST, Outbox, bundleBytes, type Bundle } from './outbox.js';
import { nextCounter } from './replay-guard.js';

/** Why packets were dropped on the way out (as the node's `TransportEvents.dropped` is told). */
export type DropReason = 'overflow' | 'unreachable';

/** Options of {@link Sender}. */
export interface SenderOptions {
  /** The envelope header (`envelopeHeader(self, version)`). */
  header: Buffer;
  /** Signs each envelope when set; plain envelopes otherwise. */
  mac: EnvelopeMac | null;
  /** The wall clock in microseconds (the counters start from it). */
  nowMicros(): number;
  /** The channel of a destination (a node's name, or {@link BROADCAST}). */
  channelOf(dest: string): string;
  /** Publishes one Redis message; settles once Redis has answered (or the command failed). */
  publish(channel: string, message: Buffer): Promise<unknown>;
  /** True while Redis can be written to. */
  connected(): boolean;
  /** Schedules a call of `flush` at the end of this tick (at most one waits at a time). */
  later(flush: () => void): void;
  /** Told once per tick and destination how many packets were dropped and why (`null`: broadcasts). */
  onDropped(dest: string | null, count: number, reason: DropReason): void;
  maxPacketBytes: number;
  maxOutboxBytes: number;
  /** Bytes of packets collected before a flush without waiting for the end of the tick. */
  bundleBytes: number;
  label: string;
  logger: Logger;
  logPace: OncePerInterval;
}

/**
 * The packets a node sends. Those of one tick are bundled per destination (see {@link Outbox}) and
 * published at the end of the tick, each bundle as one envelope. Each destination's outbox (packets
 * accepted but not yet answered by Redis: still in the bundle, in ioredis's queue or its socket) is
 * bounded by `maxOutboxBytes`: past it, packets to that destination are dropped. Packets larger than
 * `maxPacketBytes` are dropped too, and so are packets while Redis cannot be reached. Every drop is
 * counted and reported to the node at the end of the tick, which ends its connection to that peer.
 */
export class Sender {
  /** Packets dropped so far. */
  dropped = 0;
  private readonly outbox: Outbox;
  private readonly pending = new Map<string, number>();
  private readonly drops = new Map<string, Record<DropReason, number>>();
  private readonly tags = new Map<string, Buffer>();
  private counter = 0;
  private queued = false;

  constructor(private readonly options: SenderOptions) {
    this.outbox = new Outbox(options.bundleBytes);
  }

  /** Sends `packet` to `dest` (a node's name, or {@link BROADCAST}); never throws. */
  send(dest: string, packet: Uint8Array): void {
    const { maxPacketBytes, maxOutboxBytes } = this.options;
    if (packet.length > maxPacketBytes) {
      this.warn(`oversize:${dest}`, `a ${packet.length}-byte packet to ${describe(dest)} is larger than maxPacketBytes (${maxPacketBytes}): dropped`);
      return this.drop(dest, 1, 'overflow');
    }
    if (!this.options.connected()) return this.drop(dest, 1, 'unreachable');
    const bytes = (this.pending.get(dest) ?? 0) + 4 + packet.length;
    if (bytes > maxOutboxBytes) {
      this.warn(`overflow:${dest}`, `the outbox to ${describe(dest)} passed maxOutboxBytes (${maxOutboxBytes}; Redis takes packets slower than they are sent): packets to it are dropped`);
      return this.drop(dest, 1, 'overflow');
    }
    this.pending.set(dest, bytes);
    if (this.outbox.push(dest, packet)) return this.flush();
    this.schedule();
  }

  /** Publishes what waits, one message per bundle, in order; reports the drops of this tick. */
  flush(): void {
    const bundles = this.outbox.take();
    const connected = this.options.connected();
    for (const bundle of bundles) {
      if (connected) this.publish(bundle);
      else this.settle(bundle, false);
    }
    this.report();
  }

  /** Bytes accepted but not yet written to Redis, per destination ({@link BROADCAST} for broadcasts), those with none left out. */
  outboxBytes(): Record<string, number> {
    return Object.fromEntries(this.pending);
  }

  private publish(bundle: Bundle): void {
    const { header, mac } = this.options;
    const channel = this.options.channelOf(bundle.dest);
    const message = seal(header, mac === null ? 0 : SEAL_BYTES, bundle.packets, bundle.bytes);
    if (mac !== null) {
      this.counter = nextCounter(this.counter, this.options.nowMicros());
      mac.sign(message, header.length, this.tagOf(channel), this.counter);
    }
    let sent: Promise<unknown>;
    try {
      sent = this.options.publish(channel, message);
    } catch {
      return this.settle(bundle, false);
    }
    sent.then(() => this.settle(bundle, true), () => this.settle(bundle, false));
  }

  /** The bundle left the outbox: published (`ok`) or lost, and then counted and reported. */
  private settle(bundle: Bundle, ok: boolean): void {
    const left = (this.pending.get(bundle.dest) ?? 0) - bundleBytes(bundle);
    if (left > 0) this.pending.set(bundle.dest, left);
    else this.pending.delete(bundle.dest);
    if (ok) return;
    this.drop(bundle.dest, bundle.packets.length, 'unreachable');
  }

  private drop(dest: string, count: number, reason: DropReason): void {
    this.dropped += count;
    let counts = this.drops.get(dest);
    if (counts === undefined) this.drops.set(dest, (counts = { overflow: 0, unreachable: 0 }));
    counts[reason] += count;
    this.schedule();
  }

  private report(): void {
    if (this.drops.size === 0) return;
    const drops = [...this.drops];
    this.drops.clear();
    for (const [dest, counts] of drops) {
      for (const reason of ['overflow', 'unreachable'] as const) {
        if (counts[reason] > 0) this.options.onDropped(dest === BROADCAST ? null : dest, counts[reason], reason);
      }
    }
  }

  private schedule(): void {
    if (this.queued) return;
    this.queued = true;
    this.options.later(() => {
      this.queued = false;
      this.flush();
    });
  }

  private tagOf(channel: string): Buffer {
    let tag = this.tags.get(channel);
    if (tag === undefined) {
      if (this.tags.size >= 4096) this.tags.clear();
      this.tags.set(channel, (tag = channelTag(channel)));
    }
    return tag;
  }

  private warn(key: string, detail: string): void {
    const { logPace, logger, label } = this.options;
    const events = logPace.due(key);
    if (events > 0) logger.warn(`${label}: ${detail}${events > 1 ? ` (${events} such packets since the last such line)` : ''}`);
  }
}

/** A destination for a log line. */
function describe(dest: string): string {
  return dest === BROADCAST ? 'every node (broadcast)' : `node ${dest}`;
}
