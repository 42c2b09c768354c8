// sendAfter timers: one clock timer each, cancellable, dropped when their destination pid exits.
import type { Ref } from '../kernel/ref.js';
import type { Clock, TimerHandle } from './clock.js';
import type { Dest } from './process-context.js';
import type { Process } from './process.js';

interface TimerEntry {
  handle: TimerHandle;
  deadline: number;
  /** The destination process when `dest` is a local pid (its exit drops the timer). */
  target: Process | null;
}

/** What the timers need from the node. */
export interface TimerHost {
  clock: Clock;
  makeRef(): Ref;
  /** Delivers a fired timer's message; a name is resolved now, a missing name drops it. */
  fire(dest: Dest, msg: unknown): void;
}

/** The `sendAfter` timers of one node. */
export class Timers {
  private readonly entries = new Map<Ref, TimerEntry>();

  constructor(private readonly host: TimerHost) {}

  /** Starts a timer; `target` is the local destination process, when there is one. */
  start(ms: number, dest: Dest, target: Process | null, msg: unknown): Ref {
    const { clock } = this.host;
    const ref = this.host.makeRef();
    const handle = clock.setTimer(ms, () => {
      if (!this.forget(ref)) return;
      this.host.fire(dest, msg);
    });
    this.entries.set(ref, { handle, deadline: clock.now() + ms, target });
    if (target !== null) (target.extra().timers ??= new Set()).add(ref);
    return ref;
  }

  /** Cancels a timer: the ms that were left, or false when it fired or is unknown. */
  cancel(ref: Ref): number | false {
    const left = this.read(ref);
    const entry = this.entries.get(ref);
    if (entry === undefined) return false;
    this.host.clock.clearTimer(entry.handle);
    this.forget(ref);
    return left;
  }

  /** The ms left on a timer, or false. */
  read(ref: Ref): number | false {
    const entry = this.entries.get(ref);
    if (entry === undefined) return false;
    return Math.max(0, entry.deadline - this.host.clock.now());
  }

  /** Cancels the timers aimed at `p` (it is exiting). */
  dropFor(p: Process): void {
    const refs = p.ext?.timers;
    if (refs === null || refs === undefined) return;
    for (const ref of [...refs]) this.cancel(ref);
  }

  /** Cancels every timer (the node is stopping). */
  clear(): void {
    for (const ref of [...this.entries.keys()]) this.cancel(ref);
  }

  /** The number of pending timers. */
  get size(): number {
    return this.entries.size;
  }

  private forget(ref: Ref): boolean {
    const entry = this.entries.get(ref);
    if (entry === undefined) return false;
    this.entries.delete(ref);
    entry.target?.ext?.timers?.delete(ref);
    return true;
  }
}
