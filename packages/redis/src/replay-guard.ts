// ReplayGuard: the last counter seen per sender and channel, so a signed envelope is taken once; and the sender's next counter.

/**
 * The counter for a sender's next signed envelope: one more than the last, and never behind the wall
 * clock in microseconds, so a restarted sender (which starts again from its clock) goes on above
 * anything it sent before, as long as it sent fewer than a million envelopes a second on average.
 */
export function nextCounter(last: number, nowMicros: number): number {
  return Math.max(last + 1, Math.floor(nowMicros));
}

/** Options of {@link ReplayGuard}. */
export interface ReplayGuardOptions {
  /** How many (sender, channel) pairs it remembers; the least recently heard is forgotten first. */
  maxEntries: number;
  /** Counters at or below this are refused from a sender it does not remember (e.g. the wall clock at start less the allowed skew, in microseconds). */
  floor: number;
}

/**
 * Remembers, per sender name and channel, the highest counter taken, and refuses anything at or below
 * it. The table is bounded: a forgotten pair raises the floor to its last counter, so forgetting never
 * lets an old envelope in again (at worst a sender whose clock lags the forgotten ones' is refused
 * until its counter passes that floor). Only envelopes whose MAC holds reach it, so only holders of
 * the secret fill the table.
 */
export class ReplayGuard {
  private readonly last = new Map<string, number>();
  private floor: number;

  constructor(private readonly options: ReplayGuardOptions) {
    this.floor = options.floor;
  }

  /** True, and remembered, when `counter` is above the last one taken from `sender` on `channel`; false for a replay. */
  admit(sender: string, channel: string, counter: number): boolean {
    const key = `${channel}\n${sender}`;
    const last = this.last.get(key);
    if (counter <= (last ?? this.floor)) return false;
    if (last !== undefined) this.last.delete(key); // re-inserted below: the Map's order is the order last heard
    else if (this.last.size >= this.options.maxEntries) this.forgetOldest();
    this.last.set(key, counter);
    return true;
  }

  /** How many pairs it remembers. */
  get size(): number {
    return this.last.size;
  }

  private forgetOldest(): void {
    for (const [key, counter] of this.last) {
      this.last.delete(key);
      this.floor = Math.max(this.floor, counter);
      return;
    }
  }
}
