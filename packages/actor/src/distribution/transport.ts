// What the distribution layer needs from a network: bytes between named nodes, nothing more.
import type { NodeIdentity } from '../kernel/node-identity.js';
import type { TransportStats } from '../runtime/distribution.js';

export type { TransportStats };

/** What a transport tells the node it carries. */
export interface TransportEvents {
  /** A packet from node `fromNode` arrived (packets of one sender arrive in the order it sent them). */
  packet(fromNode: string, bytes: Uint8Array): void;
  /**
   * The transport was cut off (packets sent or due meanwhile may be lost) and carries packets again.
   * The node then resynchronizes its cluster state (pg membership, global names) with every node it
   * still sees up, as Erlang does on nodeup. Transports that never lose packets need not call it.
   */
  resumed?(): void;
  /**
   * The transport dropped packets it had been given for `toNode` (`null`: a broadcast): its outbox to
   * that node passed its limit (`'overflow'`), or the network could not be reached when they were sent
   * (`'unreachable'`). The node ends its connection to `toNode` at once (nodedown, `'noconnection'` for
   * every link and monitor across it), so that no loss is silent.
   */
  dropped?(toNode: string | null, count: number, reason: 'overflow' | 'unreachable'): void;
}


/**
 * Moves opaque packets between named nodes. It knows nothing of liveness: the distribution layer
 * broadcasts heartbeats and decides when a node is down, so every transport (in-memory, Redis...)
 * stays dumb. Sends are fire-and-forget; a packet to a node that is gone is lost silently.
 */
export interface Transport {
  /** Joins as `self`; from then on `events.packet` is called for each packet addressed to it or broadcast. */
  start(self: NodeIdentity, events: TransportEvents): Promise<void>;
  /** Sends `bytes` to node `toNode` (in order with the other packets to that node). */
  send(toNode: string, bytes: Uint8Array): void;
  /** Sends `bytes` to every other node. */
  broadcast(bytes: Uint8Array): void;
  /** Leaves: no packet is sent or delivered afterwards. */
  stop(): Promise<void>;
  /** Its outboxes and counters, when it keeps any. */
  stats?(): TransportStats;
}
