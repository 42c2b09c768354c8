import { describe, expect, it } from 'vitest';
import { createSimulatedClock } from '@corral/actor/testing';
import { OncePerInterval } from '../src/once-per-interval.js';

describe('the pace of repeated log lines', () => {
  it('lets the first event of a key through, then one per interval saying how many it stands for', () => {
    const clock = createSimulatedClock();
    const pace = new OncePerInterval(clock, 10_000);
    expect(pace.due('mac')).toBe(1);
    expect(pace.due('mac')).toBe(0);
    expect(pace.due('replay')).toBe(1);
    clock.advance(9_999);
    expect(pace.due('mac')).toBe(0);
    clock.advance(1);
    expect(pace.due('mac')).toBe(3);
    expect(pace.due('mac')).toBe(0);
  });

  it('tracks at most maxKeys keys, forgetting them all when full', () => {
    const clock = createSimulatedClock();
    const pace = new OncePerInterval(clock, 10_000, 2);
    pace.due('a');
    pace.due('b');
    expect(pace.due('c')).toBe(1);
    expect(pace.due('a')).toBe(1);
    expect(pace.due('c')).toBe(0);
  });
});
