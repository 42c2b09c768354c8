// The fair scheduler: a run queue of processes, each run for a budget, the event loop given a turn after each slice.
import type { Process } from './process.js';
import * as processFlags from './process-flags.js';
import { RunQueue } from './run-queue.js';

// Module constants rather than imports, for what is used per message: V8 folds a module's own constants
// into the code, but loads and checks an imported binding on each use.
const { SCHEDULED } = processFlags;

/** How much work the scheduler does before letting others run. */
export interface SchedulerOptions {
  /** Messages a process may handle before it goes to the back of the run queue. */
  budget: number;
  /** Reductions (messages handled, processes run) without the event loop getting control back before yielding to timers and I/O. */
  slice: number;
}

/**
 * What the scheduler drives: `runSlice` runs processes off `queue` (each for at most `budget`
 * reductions) until it is empty or `used` reaches `slice`, and returns `used`. Never throws.
 */
export interface ProcessRunner {
  runSlice(queue: RunQueue, used: number, slice: number, budget: number): number;
}

/**
 * Erlang's scheduler on one event loop: runnable processes wait in a FIFO; each runs for at most
 * `budget` messages, then goes to the back. Work that becomes runnable is drained from a microtask,
 * so a message passed between processes (or resumed async bodies) does not wait for an event-loop
 * turn; but once `slice` reductions have run without the event loop getting control back, the
 * scheduler waits for the next `setImmediate`, so timers, I/O and other nodes run while a message
 * storm drains. The count restarts at each such turn, and also when the scheduler went idle and the
 * microtasks after it settled, as between two I/O callbacks: work that each callback brings is not
 * held back because many callbacks came in one turn (a busy WebSocket server), while a chain of
 * drains kept alive by microtasks (async bodies resuming each other) still yields.
 *
 * It is its own run queue (extends it rather than holding one): a message that makes a process
 * runnable then reaches the queue in one hop less, on the per-message path.
 */
export class Scheduler extends RunQueue {
  /** A drain is queued or running: what is enqueued now will be run without a wake-up. */
  private awake = false;
  private draining = false;
  /** Reductions run since the event loop last had control (see {@link settled}). */
  private used = 0;
  /** The queued drain waits for the next tick: the slice is used up. */
  private later = false;
  private tickArmed = false;
  private settleArmed = false;
  private readonly budget: number;
  private readonly slice: number;
  private readonly drainBound = (): void => this.drain();
  private readonly tickBound = (): void => this.tick();
  private readonly settledBound = (): void => this.settled();

  constructor(
    private readonly runner: ProcessRunner,
    options: SchedulerOptions,
  ) {
    super();
    this.budget = options.budget;
    this.slice = options.slice;
  }

  /** Puts `p` at the back of the run queue; the caller checked it was not queued already. */
  enqueue(p: Process): void {
    p.flags |= SCHEDULED;
    this.enqueueFlagged(p);
  }

  /** {@link enqueue} for a process the caller flagged SCHEDULED itself, in the same write as its own change. */
  enqueueFlagged(p: Process): void {
    this.push(p);
    // One test on the per-message path (=== false: V8 tests a boolean field's truthiness generically);
    // waking is the rare case, work arriving from outside a drain.
    if (this.awake === false) this.wake();
  }

  private wake(): void {
    this.awake = true;
    if (this.used < this.slice) {
      queueMicrotask(this.drainBound);
    } else {
      this.later = true;
      this.armTick();
    }
  }

  private armTick(): void {
    if (this.tickArmed) return;
    this.tickArmed = true;
    setImmediate(this.tickBound);
  }

  /** A new event-loop turn: the slice is fresh; run what waited for it. */
  private tick(): void {
    this.tickArmed = false;
    this.used = 0;
    if (this.later) {
      this.later = false;
      this.drain();
    }
  }

  /** True when no process is runnable. */
  get idle(): boolean {
    return this.empty && !this.draining;
  }

  /** The number of runnable processes. */
  get runnable(): number {
    return this.length;
  }

  /** Forgets every queued process (the node is stopping). */
  clear(): void {
    for (let p = this.shift(); p !== null; p = this.shift()) p.flags &= ~SCHEDULED;
    this.shrinkIfEmpty();
  }

  private drain(): void {
    if (this.later) return; // a tick will drain (the slice was used up after this microtask was queued)
    this.draining = true;
    let used = this.used;
    try {
      used = this.runner.runSlice(this, used, this.slice, this.budget);
    } finally {
      this.used = used;
      this.draining = false;
      if (this.empty) {
        this.awake = false;
        this.shrinkIfEmpty();
        // Only worth a tick once half the slice is used: below that, the count cannot hold work back yet.
        if (used >= this.slice >> 1 && !this.settleArmed) {
          this.settleArmed = true;
          process.nextTick(this.settledBound);
        }
      } else {
        this.later = true;
      }
      if (used !== 0) this.armTick();
    }
  }

  /**
   * Runs once the microtasks that followed an idle drain have settled (Node runs a nextTick when the
   * microtask queue is empty). If nothing woke the scheduler meanwhile, control is going back to the
   * event loop, as between two I/O callbacks: the count restarts. A chain of drains that microtasks
   * keep alive never leaves the scheduler idle here, so it still yields after `slice` reductions.
   */
  private settled(): void {
    this.settleArmed = false;
    if (!this.awake) this.used = 0;
  }
}
