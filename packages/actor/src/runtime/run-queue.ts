// The scheduler's run queue: a FIFO of process records on a growable ring buffer.
import type { Process } from './process.js';

/** The smallest backing array, and the size a queue goes back to once a burst has drained. */
const INITIAL = 16;
/** A queue whose backing array grew past this gets a small one again once it empties. */
const SHRINK_ABOVE = 1024;

/** An array of `size` empty slots. */
function slots(size: number): Array<Process | null> {
  return new Array<Process | null>(size).fill(null);
}

/**
 * A first-in first-out queue of processes. Purpose-built rather than a general deque: `shift`
 * returns `null` when empty (one shape on the hot path, no `undefined` checks), and a queue that a
 * burst (a mass spawn, a fan-out) grew returns its large array once it empties, so a node does not
 * keep 8 bytes per process of that burst for its lifetime.
 */
export class RunQueue {
  /**
   * The oldest queued process, `null` when the queue is empty; the others wait in `items`. Kept in a
   * field so that a queue that holds one process at a time (a ping-pong, a ring, a request and its
   * reply) never touches its array.
   */
  private front: Process | null = null;
  private items = slots(INITIAL);
  private head = 0;
  private tail = 0;
  private mask = INITIAL - 1;

  /** The number of queued processes. */
  get length(): number {
    return this.front === null ? 0 : 1 + ((this.tail - this.head) & this.mask);
  }

  /** True when nothing is queued. */
  get empty(): boolean {
    return this.front === null;
  }

  // push and shift are kept small (the array cases apart) so that V8 inlines them on the per-message path.
  push(p: Process): void {
    if (this.front === null) this.front = p;
    else this.append(p);
  }

  /** The oldest queued process, removed; `null` when empty. */
  shift(): Process | null {
    const front = this.front;
    if (front !== null) this.front = this.head === this.tail ? null : this.shiftArray();
    return front;
  }

  private append(p: Process): void {
    const tail = this.tail;
    this.items[tail] = p;
    this.tail = (tail + 1) & this.mask;
    if (this.tail === this.head) this.grow();
  }

  /** The oldest process of a non-empty `items`, removed. */
  private shiftArray(): Process {
    const head = this.head;
    const p = this.items[head] as Process;
    this.items[head] = null;
    this.head = (head + 1) & this.mask;
    return p;
  }

  /** Gives back a large backing array if the queue is empty (called between drains, not per process). */
  shrinkIfEmpty(): void {
    if (this.front !== null || this.mask < SHRINK_ABOVE) return;
    this.items = slots(INITIAL);
    this.head = 0;
    this.tail = 0;
    this.mask = INITIAL - 1;
  }

  /** Doubles the backing array of a full queue (head === tail after a push), keeping the order. */
  private grow(): void {
    const old = this.items;
    const size = old.length;
    const items = slots(size * 2);
    for (let i = 0; i < size; i++) items[i] = old[(this.head + i) & this.mask] as Process;
    this.items = items;
    this.head = 0;
    this.tail = size;
    this.mask = size * 2 - 1;
  }
}
