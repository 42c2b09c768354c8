// Outbox: the packets a node sent since its last flush, grouped into bundles (one Redis message each) in the order sent.
import { PACKET_PREFIX_BYTES } from './envelope.js';

/** Consecutive packets to one destination, published as one Redis message. */
export interface Bundle {
  /** The node they go to, or {@link BROADCAST}. */
  readonly dest: string;
  readonly packets: Uint8Array[];
  /** The packets' bytes, in all (without their length prefixes). */
  bytes: number;
}

/** The destination of broadcasts, in bundles and in the transport's stats. */
export const BROADCAST = '*';

/** The bytes a bundle's packets take in an envelope: each packet and its length prefix. */
export function bundleBytes(bundle: Bundle): number {
  return bundle.bytes + PACKET_PREFIX_BYTES * bundle.packets.length;
}

/**
 * Packets waiting to be published. A packet joins the last bundle when it goes to the same
 * destination, otherwise it starts a new one, so publishing the bundles in order publishes the
 * packets in the order sent: a broadcast between two sends to one node stays between them. Pure
 * bookkeeping: the owner decides when to flush (at the end of the tick, or as soon as {@link push}
 * says the outbox is full).
 */
export class Outbox {
  private bundles: Bundle[] = [];
  private pendingBytes = 0;
  private pendingPackets = 0;

  /** `maxBytes`: how much the outbox holds before {@link push} asks for a flush (and so about the largest bundle). */
  constructor(private readonly maxBytes: number) {}

  /** Packets waiting. */
  get size(): number {
    return this.pendingPackets;
  }

  /** Adds `packet` for `dest`; true when the outbox now holds `maxBytes` or more and should be flushed at once. */
  push(dest: string, packet: Uint8Array): boolean {
    const last = this.bundles[this.bundles.length - 1];
    if (last !== undefined && last.dest === dest) {
      last.packets.push(packet);
      last.bytes += packet.length;
    } else {
      this.bundles.push({ dest, packets: [packet], bytes: packet.length });
    }
    this.pendingPackets++;
    this.pendingBytes += PACKET_PREFIX_BYTES + packet.length;
    return this.pendingBytes >= this.maxBytes;
  }

  /** The bundles in the order they must be published; the outbox is empty afterwards. */
  take(): Bundle[] {
    const bundles = this.bundles;
    this.bundles = [];
    this.pendingBytes = 0;
    this.pendingPackets = 0;
    return bundles;
  }
}
