// Supervisor flags: OTP's defaults (oneForOne, 1 restart in 5 s) and badOption for invalid values.
import { isCorralError, type SupervisorFlagsInput } from '@corral/actor';
import { describe, expect, it } from 'vitest';
import { normalizeSupervisorFlags } from '../../src/supervisor/supervisor-flags.js';

function codeOf(input: unknown): string | undefined {
  try {
    normalizeSupervisorFlags(input as SupervisorFlagsInput);
  } catch (error) {
    return isCorralError(error) ? error.code : 'not a CorralError';
  }
  return undefined;
}

describe('normalizeSupervisorFlags', () => {
  it('defaults to oneForOne with at most 1 restart in 5000 ms', () => {
    expect(normalizeSupervisorFlags()).toEqual({ strategy: 'oneForOne', intensity: 1, period: 5000 });
    expect(normalizeSupervisorFlags({ strategy: 'restForOne' })).toEqual({ strategy: 'restForOne', intensity: 1, period: 5000 });
  });

  it('accepts intensity 0 and any positive integer period', () => {
    expect(normalizeSupervisorFlags({ strategy: 'oneForAll', intensity: 0, period: 1 })).toEqual({ strategy: 'oneForAll', intensity: 0, period: 1 });
  });

  it('refuses an unknown strategy, a negative or fractional intensity and a period that is not positive', () => {
    expect(codeOf({ strategy: 'simpleOneForOne' })).toBe('badOption');
    expect(codeOf({ intensity: -1 })).toBe('badOption');
    expect(codeOf({ intensity: 0.5 })).toBe('badOption');
    expect(codeOf({ period: 0 })).toBe('badOption');
    expect(codeOf({ period: Infinity })).toBe('badOption');
    expect(codeOf('oneForOne')).toBe('badOption');
  });
});
