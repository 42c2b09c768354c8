// The injected source of time: now() and one-shot timers. Real by default, simulated in tests.

/** An opaque handle for a timer set with {@link Clock.setTimer}. */
export type TimerHandle = object;

/**
 * Where a node gets time from. All of the runtime's timers (`sendAfter`, receive timeouts) go
 * through it, so tests can use the simulated clock of `@corral/actor/testing` and never sleep.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  /** Calls `callback` once, `ms` milliseconds from now. */
  setTimer(ms: number, callback: () => void): TimerHandle;
  /** Cancels a timer; harmless when it already fired or was cancelled. */
  clearTimer(handle: TimerHandle): void;
}

const MAX_TIMEOUT = 2 ** 31 - 1;

interface RealTimer {
  timeout: NodeJS.Timeout | undefined;
}

function arm(timer: RealTimer, deadline: number, callback: () => void): void {
  const left = deadline - performance.now();
  if (left > MAX_TIMEOUT) {
    timer.timeout = setTimeout(() => arm(timer, deadline, callback), MAX_TIMEOUT);
  } else {
    timer.timeout = setTimeout(callback, Math.max(0, left));
  }
}

/** The real clock: `performance.now()` and `setTimeout`, with timeouts longer than 24.8 days supported. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, callback) {
    const timer: RealTimer = { timeout: undefined };
    arm(timer, performance.now() + ms, callback);
    return timer;
  },
  clearTimer(handle) {
    clearTimeout((handle as RealTimer).timeout);
  },
};
