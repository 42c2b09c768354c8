// The simulated clock: time moves only on advance/runNext, timers fire in deadline order and never early.
import { createNode } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { describe, expect, it } from 'vitest';

describe('createSimulatedClock', () => {
  it('starts at the given time (0 by default) and stands still until advanced', () => {
    expect(createSimulatedClock().now()).toBe(0);
    const clock = createSimulatedClock(1000);
    expect(clock.now()).toBe(1000);
    expect(clock.now()).toBe(1000);
    clock.advance(250);
    expect(clock.now()).toBe(1250);
  });

  it('fires a timer when its deadline is reached, not a millisecond before, and only once', () => {
    const clock = createSimulatedClock();
    let fired = 0;
    clock.setTimer(100, () => fired++);
    clock.advance(99);
    expect(fired).toBe(0);
    clock.advance(1);
    expect(fired).toBe(1);
    clock.advance(1000);
    expect(fired).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('fires due timers in deadline order, ties in the order they were set, each seeing its own deadline as now', () => {
    const clock = createSimulatedClock();
    const seen: Array<[string, number]> = [];
    const record = (name: string) => () => seen.push([name, clock.now()]);
    clock.setTimer(30, record('c'));
    clock.setTimer(10, record('a'));
    clock.setTimer(20, record('b1'));
    clock.setTimer(20, record('b2'));
    clock.advance(50);
    expect(seen).toEqual([['a', 10], ['b1', 20], ['b2', 20], ['c', 30]]);
    expect(clock.now()).toBe(50);
  });

  it('fires, within the same advance, a timer set by a firing timer when it is due', () => {
    const clock = createSimulatedClock();
    const seen: Array<[string, number]> = [];
    clock.setTimer(10, () => {
      seen.push(['outer', clock.now()]);
      clock.setTimer(5, () => seen.push(['inner', clock.now()]));
      clock.setTimer(100, () => seen.push(['late', clock.now()]));
    });
    clock.advance(20);
    expect(seen).toEqual([['outer', 10], ['inner', 15]]);
    expect(clock.pending).toBe(1);
  });

  it('never fires a cleared timer, and clearing twice or after firing is harmless', () => {
    const clock = createSimulatedClock();
    let fired = 0;
    const handle = clock.setTimer(10, () => fired++);
    const other = clock.setTimer(10, () => fired++);
    clock.clearTimer(handle);
    clock.clearTimer(handle);
    expect(clock.pending).toBe(1);
    clock.advance(10);
    clock.clearTimer(other);
    expect(fired).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('treats a negative delay as zero', () => {
    const clock = createSimulatedClock(5);
    let fired = false;
    clock.setTimer(-10, () => (fired = true));
    clock.advance(0);
    expect(fired).toBe(true);
    expect(clock.now()).toBe(5);
  });

  it('runNext jumps to the next deadline and fires only that timer; false when none is pending', () => {
    const clock = createSimulatedClock();
    const seen: string[] = [];
    clock.setTimer(500, () => seen.push('b'));
    clock.setTimer(200, () => seen.push('a'));
    expect(clock.runNext()).toBe(true);
    expect(seen).toEqual(['a']);
    expect(clock.now()).toBe(200);
    expect(clock.runNext()).toBe(true);
    expect(clock.now()).toBe(500);
    expect(clock.runNext()).toBe(false);
    expect(clock.now()).toBe(500);
  });

  it('refuses to move backwards or by NaN', () => {
    const clock = createSimulatedClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(0);
  });

  it('drives a node: a receive timeout resolves only when the clock reaches it', async () => {
    const clock = createSimulatedClock();
    const node = createNode({ clock, logger: createRecordingLogger() });
    const outcome: unknown[] = [];
    node.spawn(async (ctx) => {
      outcome.push(await ctx.receive(undefined, { timeout: 1000 }));
    });
    await runUntilIdle(node);
    expect(clock.pending).toBe(1);
    clock.advance(999);
    await runUntilIdle(node);
    expect(outcome).toEqual([]);
    clock.advance(1);
    await runUntilIdle(node);
    expect(outcome).toHaveLength(1);
    expect(typeof outcome[0]).toBe('symbol');
    node.stop();
  });
});
