// Packets that arrived from other nodes, handled in order, a bounded number per event-loop turn.
import Denque from 'denque';

/** Packets handled in one event-loop turn before the rest wait for the next turn. */
export const PACKETS_PER_TURN = 64;

/**
 * Hands arriving packets to `handle` in arrival order, at most {@link PACKETS_PER_TURN} per
 * event-loop turn: a burst (a 16 KiB bundle of small packets from Redis) is decoded in slices, so
 * timers, I/O and other work run between them instead of waiting for one long callback.
 */
export class InboundQueue {
  private readonly waiting = new Denque<[string, Uint8Array]>();
  private handledThisTurn = 0;
  private turnScheduled = false;

  constructor(private readonly handle: (fromNode: string, bytes: Uint8Array) => void) {}

  /** True when no packet is waiting for a later turn. */
  get empty(): boolean {
    return this.waiting.length === 0;
  }

  /** A packet arrived: handled now, or in a later turn when this turn has had its share. */
  push(fromNode: string, bytes: Uint8Array): void {
    if (this.waiting.length === 0 && this.handledThisTurn < PACKETS_PER_TURN) {
      this.count();
      this.handle(fromNode, bytes);
      return;
    }
    this.waiting.push([fromNode, bytes]);
    this.scheduleTurn();
  }

  /** Forgets the packets waiting (the node is stopping). */
  clear(): void {
    this.waiting.clear();
  }

  private count(): void {
    this.handledThisTurn++;
    this.scheduleTurn();
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.turnScheduled = false;
    this.handledThisTurn = 0;
    while (this.handledThisTurn < PACKETS_PER_TURN) {
      const next = this.waiting.shift();
      if (next === undefined) return;
      this.count();
      this.handle(next[0], next[1]);
    }
    if (this.waiting.length > 0) this.scheduleTurn();
  }
}
