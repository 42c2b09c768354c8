// The fair scheduler: a run queue of processes, each run for a budget, the event loop given a turn per slice.
import Denque from 'denque';
import type { Process } from './process.js';
import { DEAD, SCHEDULED } from './process-flags.js';

/** How much work the scheduler does before letting others run. */
export interface SchedulerOptions {
  /** Messages a process may handle before it goes to the back of the run queue. */
  budget: number;
  /** Reductions (messages handled, processes run) per event-loop turn before yielding to timers and I/O. */
  slice: number;
}

/** A run queue that has held more processes than this gets a fresh, small backing array once it empties. */
const SHRINK_ABOVE = 1024;

/** What the scheduler drives: `run` gives one process at most `budget` reductions and returns how many it used. Never throws. */
export interface ProcessRunner {
  run(p: Process, budget: number): number;
}

/**
 * Erlang's scheduler on one event loop: runnable processes wait in a FIFO; each runs for at most
 * `budget` messages, then goes to the back. Work that becomes runnable is drained from a microtask,
 * so a message passed between processes (or resumed async bodies) does not wait for an event-loop
 * turn; but once `slice` reductions have run since the last turn, the scheduler waits for the next
 * `setImmediate`, so timers, I/O and other nodes run while a message storm drains.
 */
export class Scheduler {
  private runQueue = new Denque<Process>();
  /** The most processes the run queue has held since its backing array was last renewed. */
  private peak = 0;
  /** A drain is queued (as a microtask, or for the next tick when `later`). */
  private pending = false;
  private draining = false;
  /** Reductions run since the last event-loop tick. */
  private used = 0;
  /** The queued drain waits for the next tick: the slice is used up. */
  private later = false;
  private tickArmed = false;
  private readonly drainBound = (): void => this.drain();
  private readonly tickBound = (): void => this.tick();

  constructor(
    private readonly runner: ProcessRunner,
    private readonly options: SchedulerOptions,
  ) {}

  /** Puts `p` at the back of the run queue; the caller checked it was not queued already. */
  enqueue(p: Process): void {
    p.flags |= SCHEDULED;
    const length = this.runQueue.push(p);
    if (length > this.peak) this.peak = length;
    if (!this.pending && !this.draining) this.wake();
  }

  private wake(): void {
    this.pending = true;
    if (this.used < this.options.slice) {
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
    return this.runQueue.length === 0 && !this.draining;
  }

  /** The number of runnable processes. */
  get runnable(): number {
    return this.runQueue.length;
  }

  /** Forgets every queued process (the node is stopping). */
  clear(): void {
    for (let p = this.runQueue.shift(); p !== undefined; p = this.runQueue.shift()) p.flags &= ~SCHEDULED;
  }

  /**
   * Replaces an empty run queue that a burst (a mass spawn, a fan-out) grew: a denque used as a FIFO
   * never shrinks, so it would keep 8 bytes per process of that burst for the node's lifetime.
   */
  private renew(): void {
    this.runQueue = new Denque<Process>();
    this.peak = 0;
  }

  private drain(): void {
    if (this.later) return; // a tick will drain (the slice was used up after this microtask was queued)
    this.pending = false;
    this.draining = true;
    const { budget, slice } = this.options;
    const queue = this.runQueue;
    let used = this.used;
    try {
      while (used < slice && !queue.isEmpty()) {
        const p = queue.shift() as Process;
        p.flags &= ~SCHEDULED;
        if ((p.flags & DEAD) !== 0) continue;
        used += this.runner.run(p, budget) + 1;
      }
    } finally {
      this.used = used;
      this.draining = false;
      if (!queue.isEmpty()) {
        if (!this.pending) {
          this.pending = true;
          this.later = true;
        }
      } else if (this.peak > SHRINK_ABOVE) {
        this.renew();
      }
      if (used !== 0) this.armTick();
    }
  }
}
