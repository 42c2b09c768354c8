// Receiver: the receive path of a Redis transport; each message is checked (size, envelope, MAC, replay) before any of its packets reaches the node.
import { formatReason, type Logger } from '@corral/actor';
import { ENVELOPE_VERSION, readHeader, readPackets } from './envelope.js';
import { channelTag, type EnvelopeMac } from './envelope-mac.js';
import type { OncePerInterval } from './once-per-interval.js';
import type { ReplayGuard } from './replay-guard.js';

/** Why a Redis message was refused on arrival. */
export type RejectReason = 'mac' | 'replay' | 'oversize' | 'malformed';

/** Options of {@link Receiver}. */
export interface ReceiverOptions {
  /** The receiving node's name: its own broadcasts come back to it and are skipped. */
  self: string;
  /** The two channels it subscribes to: its own and the broadcast channel. */
  channels: { node: string; all: string };
  /** The cluster secret's MAC, or null for a cluster without a secret (plain envelopes). */
  mac: EnvelopeMac | null;
  /** The replay table (used when `mac` is set). */
  guard: ReplayGuard;
  /** Larger messages are refused unread. */
  maxMessageBytes: number;
  /** Hands a packet to the node. */
  deliver(from: string, packet: Uint8Array): void;
  /** Who speaks in the log (`node a@host`). */
  label: string;
  logger: Logger;
  /** Rate-limits the warnings (one per reason per interval). */
  logPace: OncePerInterval;
}

type Listened = { key: string; name: Buffer; tag: Buffer };

/**
 * Takes the messages of the node's two channels. A message is refused whole (none of its packets is
 * delivered) when it is larger than `maxMessageBytes`, is no envelope, is unsigned in a cluster with a
 * secret (or signed in one without), its MAC does not hold for the channel it came on, or its counter
 * is not above the last one taken from that sender on that channel. Refusals are counted by reason and
 * logged at most once per interval per reason. {@link onMessage} never throws.
 */
export class Receiver {
  /** Messages refused so far, by reason. */
  readonly rejected: Record<RejectReason, number> = { mac: 0, replay: 0, oversize: 0, malformed: 0 };
  private readonly listened: Listened[];

  constructor(private readonly options: ReceiverOptions) {
    const { node, all } = options.channels;
    this.listened = [node, all].map((channel) => ({ key: channel === all ? 'all' : 'node', name: Buffer.from(channel, 'utf8'), tag: channelTag(channel) }));
  }

  /** ioredis's `messageBuffer` listener: checks `message`, published on `channel`, and delivers its packets. Never throws. */
  onMessage(channel: Buffer, message: Buffer): void {
    try {
      this.take(channel, message);
    } catch (error) {
      this.reject('malformed', `reading it failed: ${formatReason(error)}`);
    }
  }

  private take(channel: Buffer, message: Buffer): void {
    const { maxMessageBytes, mac, self } = this.options;
    if (message.length > maxMessageBytes) return this.reject('oversize', `${message.length} bytes is more than maxMessageBytes (${maxMessageBytes})`);
    const on = this.listened.find((l) => l.name.equals(channel));
    if (on === undefined) return this.reject('malformed', `it came on a channel this node does not listen to (${printable(channel.toString('utf8'))})`);
    const header = readHeader(message);
    if (!header.ok) return this.reject('malformed', header.error);
    const { version, from, nameEnd, packetsStart } = header.value;
    if (from === self) return; // its own broadcast
    const sender = `claims to be from ${printable(from)}`;
    let counter = 0;
    if (mac === null) {
      if (version !== ENVELOPE_VERSION.plain) return this.reject('mac', `it is signed but this node has no secret (${sender})`);
    } else {
      if (version !== ENVELOPE_VERSION.signed) return this.reject('mac', `it is not signed (${sender})`);
      const verified = mac.verify(message, nameEnd, on.tag);
      if (!verified.ok) return this.reject(verified.reason, `${verified.error} (${sender})`);
      counter = verified.counter;
    }
    const packets = readPackets(message, packetsStart);
    if (!packets.ok) return this.reject('malformed', `${packets.error} (${sender})`);
    if (mac !== null && !this.options.guard.admit(from, on.key, counter)) return this.reject('replay', `its counter ${counter} is not above the last one taken (${sender})`);
    for (const packet of packets.value) this.options.deliver(from, packet);
  }

  private reject(reason: RejectReason, detail: string): void {
    this.rejected[reason]++;
    const { logger, logPace, label } = this.options;
    const events = logPace.due(`rejected:${reason}`);
    if (events === 0) return;
    const more = events > 1 ? ` (${events} messages refused as ${reason} since the last such line)` : '';
    logger.warn(`${label}: refused a Redis message (${reason}): ${detail}${more}`);
  }
}

/** `text` fit for a log line: quoted, control characters escaped, at most 80 characters. */
function printable(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}
