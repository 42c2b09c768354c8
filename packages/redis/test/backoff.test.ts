import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff.js';

describe('the reconnection backoff', () => {
  it('doubles from 50 ms up to 2 s by default', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffDelay(n))).toEqual([50, 100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('follows the given initial and maximum delays, the maximum never below the initial', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, { initialDelayMs: 10, maxDelayMs: 25 }))).toEqual([10, 20, 25]);
    expect(backoffDelay(3, { initialDelayMs: 500, maxDelayMs: 100 })).toBe(500);
    expect(backoffDelay(0)).toBe(50);
  });
});
