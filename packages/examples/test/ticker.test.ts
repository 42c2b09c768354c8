import type { Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type SimulatedClock } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { isTick, startTickerDemo, tick, type TickerDemo } from '../src/ticker.js';

let demo: TickerDemo | undefined;
afterEach(() => demo?.node.stop());

/** Starts the demo and lets every process run its init (arming the ticker's first timer) before time moves. */
async function start(clock: SimulatedClock, opts: { subscribers?: number } = {}): Promise<{ demo: TickerDemo; lines: string[] }> {
  const lines: string[] = [];
  demo = startTickerDemo({ clock, logger: createRecordingLogger(), print: (l) => lines.push(l), ...opts });
  await runUntilIdle(demo.node);
  return { demo, lines };
}

async function advance(clock: SimulatedClock, ms: number): Promise<void> {
  clock.advance(ms);
  await runUntilIdle(demo!.node);
}

describe('the ticker example', () => {
  it('builds ticks as data', () => {
    expect(tick(3)).toEqual({ type: 'tick', n: 3 });
    expect(isTick(tick(3))).toBe(true);
    expect(isTick({ type: 'tick' })).toBe(false);
  });

  it('publishes nothing before the first interval, then tick 1 to every subscriber', async () => {
    const clock = createSimulatedClock();
    const { demo, lines } = await start(clock);
    expect(demo.pg.members('ticks')).toHaveLength(3);
    await advance(clock, 999);
    expect(lines).toEqual([]);
    await advance(clock, 1);
    expect(lines.sort()).toEqual(demo.subscribers.map((pid) => `${pid.toString()} heard tick 1`).sort());
  });

  it('keeps the subscribers hibernated between ticks', async () => {
    const clock = createSimulatedClock();
    const { demo } = await start(clock);
    await advance(clock, 1000);
    for (const pid of demo.subscribers) expect(demo.node.processInfo(pid)?.status).toBe('hibernated');
  });

  it('publishes ticks 1 to 5 in order, then the ticker exits normally and done resolves', async () => {
    const clock = createSimulatedClock();
    const { demo, lines } = await start(clock, { subscribers: 1 });
    for (let i = 0; i < 5; i++) await advance(clock, 1000);
    const [only] = demo.subscribers;
    expect(lines).toEqual([1, 2, 3, 4, 5].map((n) => `${only!.toString()} heard tick ${n}`));
    expect(demo.node.isAlive(demo.ticker)).toBe(false);
    await expect(demo.done).resolves.toBeUndefined();
    await advance(clock, 10_000);
    expect(lines).toHaveLength(5);
  });

  it('sends a late subscriber only the ticks after it joined, and none to a subscriber that exited', async () => {
    const clock = createSimulatedClock();
    const { demo, lines } = await start(clock, { subscribers: 2 });
    const [stays, leaves] = demo.subscribers as [Pid, Pid];
    await advance(clock, 1000);
    demo.node.exit(leaves, 'kill');
    const late = demo.subscribe();
    await advance(clock, 1000);
    expect(demo.pg.members('ticks').sort()).toEqual([stays, late].sort());
    expect(lines.filter((l) => l.startsWith(leaves.toString()))).toEqual([`${leaves.toString()} heard tick 1`]);
    expect(lines.filter((l) => l.startsWith(late.toString()))).toEqual([`${late.toString()} heard tick 2`]);
    expect(lines.filter((l) => l.startsWith(stays.toString()))).toHaveLength(2);
  });
});
