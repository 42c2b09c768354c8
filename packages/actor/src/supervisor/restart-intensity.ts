// The restart intensity window, as a pure function of the restart times so far and the time now.
import type { IntensityLimit } from './supervisor-flags.js';

/** The outcome of recording one restart. */
export interface IntensityCheck {
  /** The restart times still inside the period, oldest first, ending with `now`. */
  readonly window: readonly number[];
  /** True when the window holds more than `intensity` restarts: the supervisor must give up. */
  readonly exceeded: boolean;
}

/**
 * Records a restart at `now` (OTP's `add_restart`): drops the times older than `now - period` (a
 * restart exactly `period` ms ago still counts, as in OTP), appends `now`, and says whether more than
 * `intensity` restarts remain. Time comes in as an argument: no clock here.
 */
export function recordRestart(window: readonly number[], now: number, limit: IntensityLimit): IntensityCheck {
  const threshold = now - limit.period;
  const next = window.filter((at) => at >= threshold);
  next.push(now);
  return { window: next, exceeded: next.length > limit.intensity };
}
