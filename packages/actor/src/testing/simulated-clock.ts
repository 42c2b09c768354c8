// A clock whose time moves only when the test says so.
import type { Clock, TimerHandle } from '../runtime/clock.js';

interface SimTimer {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/** A {@link Clock} for tests: time stands still until {@link SimulatedClock.advance}. */
export interface SimulatedClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in deadline order (timers they set fire too, if due). */
  advance(ms: number): void;
  /** Moves time to the next timer's deadline and fires it; false when none is pending. */
  runNext(): boolean;
  /** The number of pending timers. */
  readonly pending: number;
}

/** Creates a simulated clock starting at `start` ms. */
export function createSimulatedClock(start = 0): SimulatedClock {
  let now = start;
  let seq = 0;
  let timers: SimTimer[] = [];

  function due(limit: number): SimTimer | undefined {
    let best: SimTimer | undefined;
    for (const t of timers) {
      if (t.cancelled || t.at > limit) continue;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  function fire(t: SimTimer): void {
    timers = timers.filter((x) => x !== t);
    now = Math.max(now, t.at);
    t.callback();
  }

  return {
    now: () => now,
    setTimer(ms, callback): TimerHandle {
      const timer: SimTimer = { at: now + Math.max(0, ms), seq: seq++, callback, cancelled: false };
      timers.push(timer);
      return timer;
    },
    clearTimer(handle) {
      const timer = handle as SimTimer;
      timer.cancelled = true;
      timers = timers.filter((x) => x !== timer);
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(${ms}): ms must be >= 0`);
      const until = now + ms;
      for (let t = due(until); t !== undefined; t = due(until)) fire(t);
      now = until;
    },
    runNext() {
      const t = due(Infinity);
      if (t === undefined) return false;
      fire(t);
      return true;
    },
    get pending() {
      return timers.length;
    },
  };
}
