// One node-to-node connection as numbers: the ids both sides agreed on, and the packets counted each way.
import type { Heard } from './wire.js';

/** What a numbered packet means for its connection. */
export type Arrival =
  /** The next packet: apply it. */
  | 'next'
  /** A packet of a connection that has already ended (both sides have seen it end): drop it. */
  | 'stale'
  /** A gap, a duplicate or a reordering, or a connection this side never agreed to: end the connection. */
  | 'broken';

/**
 * The state of this node's connection to one peer incarnation. Each side picks an id for its half
 * (`out` here, `theirs` for the peer's) and lists it in its heartbeats, with the peer's id as it heard
 * it (the echo). The connection is up on a side once the peer echoes that side's id: both then know
 * both ids. Packets carry both ids and a number from 1; anything but the next number ends the
 * connection, so a packet is never lost silently: it is delivered, or both sides see the connection
 * go down. Heartbeats also say how many packets were sent, so a lost last packet is noticed too.
 */
export class Connection {
  /** The peer's id for its half, as last heard (0: not heard yet). */
  theirs = 0;
  /** Packets numbered on this side's half. */
  sent = 0;
  /** Packets received in order on the peer's half. */
  received = 0;
  /** What the peer's previous heartbeat said it had sent: all of it must have arrived by its next one. */
  private owed = 0;

  /** `out`: this side's id for its half, new for each connection to the peer. */
  constructor(readonly out: number) {}

  /** True when `entry` (the peer's heartbeat entry for this node) echoes this side's id: the peer knows both ids. */
  confirmedBy(entry: Heard | null): boolean {
    return entry !== null && entry[3] === this.out && entry[2] !== 0;
  }

  /**
   * Checks an up connection against the peer's heartbeat entry for this node: `'holds'`; `'ended'`
   * when the peer no longer lists this node or lists other ids (it ended the connection); `'lost'` when
   * packets its previous heartbeat counted as sent never arrived.
   */
  check(entry: Heard | null): 'holds' | 'ended' | 'lost' {
    if (entry === null || entry[2] !== this.theirs || entry[3] !== this.out) return 'ended';
    if (this.owed > this.received) return 'lost';
    this.owed = entry[4];
    return 'holds';
  }

  /** The number of the next packet this side sends. */
  next(): number {
    return ++this.sent;
  }

  /** A numbered packet arrived on the peer's half `conn`, echoing this side's half as `echo`. */
  arrive(conn: number, echo: number, seq: number): Arrival {
    if (conn !== this.theirs || echo !== this.out) return conn < this.theirs || echo < this.out ? 'stale' : 'broken';
    if (seq !== this.received + 1) return 'broken';
    this.received = seq;
    return 'next';
  }
}
