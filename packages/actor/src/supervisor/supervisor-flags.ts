// Supervisor flags: the restart strategy and the restart intensity, validated, with OTP's defaults.
import { CorralError } from '../kernel/corral-error.js';

/**
 * What else is restarted when a child is: `'oneForOne'` only that child, `'oneForAll'` every child
 * (the others are stopped first, in reverse start order), `'restForOne'` that child and the children
 * started after it.
 */
export type Strategy = 'oneForOne' | 'oneForAll' | 'restForOne';

/** At most `intensity` restarts in any `period` milliseconds; one more stops the supervisor. */
export interface IntensityLimit {
  readonly intensity: number;
  readonly period: number;
}

/** Supervisor flags as written; every field has OTP's default. */
export interface SupervisorFlagsInput {
  /** Default `'oneForOne'`. */
  strategy?: Strategy;
  /** Restarts allowed within `period` (default 1). */
  intensity?: number;
  /** The window of `intensity`, in milliseconds (default 5000: OTP's 5 seconds). */
  period?: number;
}

/** Validated supervisor flags. */
export interface SupervisorFlags extends IntensityLimit {
  readonly strategy: Strategy;
}

const STRATEGIES: readonly string[] = ['oneForOne', 'oneForAll', 'restForOne'];

/** Validates `intensity` (integer >= 0, default 1) and `period` (integer ms > 0, default 5000); throws `badOption`. */
export function normalizeIntensity(input: { intensity?: number; period?: number }): IntensityLimit {
  const intensity = input.intensity ?? 1;
  if (!Number.isInteger(intensity) || intensity < 0) throw new CorralError('badOption', `intensity must be an integer >= 0, not ${String(intensity)}`);
  const period = input.period ?? 5000;
  if (!Number.isInteger(period) || period <= 0) throw new CorralError('badOption', `period must be an integer number of ms > 0, not ${String(period)}`);
  return { intensity, period };
}

/** Validates supervisor flags and fills in OTP's defaults (`oneForOne`, 1 restart in 5000 ms); throws `badOption`. */
export function normalizeSupervisorFlags(input: SupervisorFlagsInput = {}): SupervisorFlags {
  if (typeof input !== 'object' || input === null) throw new CorralError('badOption', 'supervisor flags must be an object');
  const strategy = input.strategy ?? 'oneForOne';
  if (!STRATEGIES.includes(strategy)) throw new CorralError('badOption', `strategy must be oneForOne, oneForAll or restForOne, not ${String(strategy)}`);
  return { strategy, ...normalizeIntensity(input) };
}
