import { describe, expect, it } from 'vitest';
import { ReplayGuard, nextCounter } from '../src/replay-guard.js';

describe("a sender's counters", () => {
  it('go one up from the last, and jump to the clock when it is ahead (so a restart goes on above)', () => {
    expect(nextCounter(0, 1_700_000_000_000_000)).toBe(1_700_000_000_000_000);
    expect(nextCounter(1_700_000_000_000_000, 1_700_000_000_000_000)).toBe(1_700_000_000_000_001);
    expect(nextCounter(1_700_000_000_000_001, 1_699_999_999_000_000)).toBe(1_700_000_000_000_002);
    expect(nextCounter(5, 99.7)).toBe(99);
  });
});

describe('the replay guard of a receiver', () => {
  it('takes counters that go up per sender and channel, and refuses one at or below the last taken', () => {
    const guard = new ReplayGuard({ maxEntries: 10, floor: 100 });
    expect(guard.admit('a', 'node', 101)).toBe(true);
    expect(guard.admit('a', 'node', 101)).toBe(false);
    expect(guard.admit('a', 'node', 50)).toBe(false);
    expect(guard.admit('a', 'all', 101)).toBe(true);
    expect(guard.admit('b', 'node', 101)).toBe(true);
    expect(guard.admit('a', 'node', 200)).toBe(true);
    expect(guard.admit('a', 'node', 150)).toBe(false);
  });

  it('refuses, from a sender it has not heard, counters at or below its floor', () => {
    const guard = new ReplayGuard({ maxEntries: 10, floor: 100 });
    expect(guard.admit('a', 'node', 100)).toBe(false);
    expect(guard.admit('a', 'node', 101)).toBe(true);
  });

  it('forgets the pair heard least recently when full, and raises its floor to that pair\'s counter so its old envelopes stay refused', () => {
    const guard = new ReplayGuard({ maxEntries: 2, floor: 0 });
    guard.admit('a', 'node', 10);
    guard.admit('b', 'node', 20);
    guard.admit('a', 'node', 11); // a is now the most recent
    guard.admit('c', 'node', 30); // forgets b (20)
    expect(guard.size).toBe(2);
    expect(guard.admit('b', 'node', 20)).toBe(false);
    expect(guard.admit('d', 'node', 19)).toBe(false);
    expect(guard.admit('a', 'node', 12)).toBe(true);
    expect(guard.admit('b', 'node', 21)).toBe(true);
  });
});
