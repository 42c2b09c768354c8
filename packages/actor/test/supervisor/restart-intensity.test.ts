// recordRestart: OTP's restart intensity window as a pure function of the restart times and the time now.
import { describe, expect, it } from 'vitest';
import { recordRestart } from '../../src/supervisor/restart-intensity.js';

const limit = { intensity: 1, period: 5000 };

describe('recordRestart', () => {
  it('allows intensity restarts within the period', () => {
    expect(recordRestart([], 0, limit)).toEqual({ window: [0], exceeded: false });
  });

  it('is exceeded by one restart more than intensity within the period', () => {
    expect(recordRestart([0], 4000, limit)).toEqual({ window: [0, 4000], exceeded: true });
  });

  it('still counts a restart exactly period ms ago, as OTP does', () => {
    expect(recordRestart([0], 5000, limit)).toEqual({ window: [0, 5000], exceeded: true });
  });

  it('drops restarts older than the period from the window', () => {
    expect(recordRestart([0], 5001, limit)).toEqual({ window: [5001], exceeded: false });
    expect(recordRestart([0, 3000, 6000], 9000, { intensity: 3, period: 5000 })).toEqual({ window: [6000, 9000], exceeded: false });
  });

  it('with intensity 0, the first restart is already too many', () => {
    expect(recordRestart([], 10, { intensity: 0, period: 5000 }).exceeded).toBe(true);
  });

  it('counts many restarts in a sliding window', () => {
    const big = { intensity: 3, period: 1000 };
    let window: readonly number[] = [];
    const exceeded: boolean[] = [];
    for (const now of [0, 100, 200, 1150, 1160, 1170]) {
      const check = recordRestart(window, now, big);
      window = check.window;
      exceeded.push(check.exceeded);
    }
    expect(exceeded).toEqual([false, false, false, false, false, true]);
    expect(window).toEqual([200, 1150, 1160, 1170]);
  });

  it('does not change the window it is given', () => {
    const window = [0, 10];
    recordRestart(window, 20_000, limit);
    expect(window).toEqual([0, 10]);
  });
});
