// Child specs: OTP's defaults (permanent, 5000 ms for workers, infinity for supervisors) and badChildSpec for the rest.
import { isCorralError, type ChildSpecInput } from '@corral/actor';
import { describe, expect, it } from 'vitest';
import { normalizeChildSpec } from '../../src/supervisor/child-spec.js';

const start = (): never => {
  throw new Error('not called');
};

function codeOf(input: unknown): string | undefined {
  try {
    normalizeChildSpec(input as ChildSpecInput);
  } catch (error) {
    return isCorralError(error) ? error.code : 'not a CorralError';
  }
  return undefined;
}

describe('normalizeChildSpec', () => {
  it('fills in permanent, a 5000 ms shutdown and worker for a worker spec', () => {
    expect(normalizeChildSpec({ id: 'w', start })).toEqual({ id: 'w', start, restart: 'permanent', shutdown: 5000, type: 'worker' });
  });

  it('gives a supervisor an infinity shutdown by default', () => {
    expect(normalizeChildSpec({ id: 's', start, type: 'supervisor' }).shutdown).toBe('infinity');
  });

  it('keeps what the spec says', () => {
    const spec = normalizeChildSpec({ id: 'x', start, restart: 'transient', shutdown: 'brutalKill', type: 'worker' });
    expect(spec).toMatchObject({ restart: 'transient', shutdown: 'brutalKill' });
    expect(normalizeChildSpec({ id: 'y', start, shutdown: 0 }).shutdown).toBe(0);
  });

  it('refuses a missing or empty id, a start that is not a function, and bad restart, shutdown or type values', () => {
    expect(codeOf(null)).toBe('badChildSpec');
    expect(codeOf({ start })).toBe('badChildSpec');
    expect(codeOf({ id: '', start })).toBe('badChildSpec');
    expect(codeOf({ id: 'a' })).toBe('badChildSpec');
    expect(codeOf({ id: 'a', start, restart: 'sometimes' })).toBe('badChildSpec');
    expect(codeOf({ id: 'a', start, shutdown: -1 })).toBe('badChildSpec');
    expect(codeOf({ id: 'a', start, shutdown: 1.5 })).toBe('badChildSpec');
    expect(codeOf({ id: 'a', start, shutdown: 'never' })).toBe('badChildSpec');
    expect(codeOf({ id: 'a', start, type: 'manager' })).toBe('badChildSpec');
  });
});
