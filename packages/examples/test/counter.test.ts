import { createNode, GenServer, Supervisor } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger, type SimulatedClock } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { counterTree, increment, startCounterDemo, type CounterDemo, type CounterDemoOptions } from '../src/counter.js';

let demo: CounterDemo | undefined;
afterEach(() => demo?.node.stop());

async function start(clock: SimulatedClock, opts: CounterDemoOptions = {}): Promise<{ demo: CounterDemo; lines: string[]; logger: RecordingLogger }> {
  const lines: string[] = [];
  const logger = createRecordingLogger();
  demo = await startCounterDemo({ clock, logger, print: (l) => lines.push(l), ...opts });
  await runUntilIdle(demo.node);
  return { demo, lines, logger };
}

async function advance(clock: SimulatedClock, ms: number): Promise<void> {
  clock.advance(ms);
  await runUntilIdle(demo!.node);
}

describe('the counter example', () => {
  it('counts, crashes on the third increment, is restarted from zero under a new pid, and counts again', async () => {
    const clock = createSimulatedClock();
    const { demo, lines, logger } = await start(clock);
    const first = demo.node.whereis('counter');
    for (let i = 0; i < 4; i++) await advance(clock, 1000);
    const second = demo.node.whereis('counter');
    expect(second).not.toBe(first);
    expect(demo.node.isAlive(second!)).toBe(true);
    expect(demo.node.isAlive(first!)).toBe(false);
    expect(lines).toEqual([
      `increment 1: count 1 (counter ${first!.toString()})`,
      `increment 2: count 2 (counter ${first!.toString()})`,
      `increment 3: counter ${first!.toString()} crashed (counter crashed on purpose at 3); its supervisor restarts it`,
      `increment 4: count 1 (counter ${second!.toString()})`,
    ]);
    expect(logger.at('error').map((e) => e.message.split('\n')[0])).toEqual([
      `GenServer ${first!.toString()} terminating: Error: counter crashed on purpose at 3`,
      `Supervisor ${demo.supervisor.toString()} childTerminated: counter ${first!.toString()}: Error: counter crashed on purpose at 3`,
    ]);
  });

  it('hibernates the counter between increments', async () => {
    const clock = createSimulatedClock();
    const { demo } = await start(clock);
    await advance(clock, 1000);
    expect(demo.node.processInfo(demo.node.whereis('counter')!)?.status).toBe('hibernated');
  });

  it('stops the tree after the last increment, leaving no process behind', async () => {
    const clock = createSimulatedClock();
    const { demo, lines } = await start(clock);
    for (let i = 0; i < 5; i++) await advance(clock, 1000);
    await demo.done;
    expect(lines).toHaveLength(5);
    expect(demo.node.isAlive(demo.supervisor)).toBe(false);
    expect(demo.node.processes()).toEqual([]);
  });

  it('gives up when the counter crashes more often than the supervisor allows, and the client sees no counter', async () => {
    const clock = createSimulatedClock();
    const { demo, lines } = await start(clock, { crashEvery: 1, intensity: 3, period: 5000, increments: 10 });
    const exit = demo.node.awaitExit(demo.supervisor);
    for (let i = 0; i < 5; i++) await advance(clock, 1000);
    expect(await exit).toBe('shutdown');
    await demo.done;
    expect(lines.filter((l) => l.includes('crashed'))).toHaveLength(4);
    expect(lines.at(-1)).toBe('increment 5: no counter; the supervisor gave up');
  });

  it('answers get and increment through a plain supervisor tree, without the client', async () => {
    const node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
    const sup = await Supervisor.start(node, counterTree({ crashEvery: 2 }));
    expect(await increment(node)).toMatchObject({ type: 'counted', n: 1 });
    expect(await increment(node)).toMatchObject({ type: 'crashed', reason: 'counter crashed on purpose at 2' });
    await runUntilIdle(node);
    expect(await GenServer.call({ node, name: 'counter' }, { type: 'get' })).toBe(0);
    await Supervisor.stop(sup);
    expect(await increment(node)).toEqual({ type: 'noCounter' });
    node.stop();
  });
});
