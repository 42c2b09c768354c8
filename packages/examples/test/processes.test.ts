import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { describeDemo, startProcessesDemo, type ProcessesDemo } from '../src/processes.js';

let demo: ProcessesDemo | undefined;
afterEach(() => demo?.node.stop());

describe('the processes demo', () => {
  it('passes a token around the whole ring', async () => {
    const lines: string[] = [];
    demo = await startProcessesDemo({ clock: createSimulatedClock(), logger: createRecordingLogger(), print: (l) => lines.push(l), ringSize: 500 });
    expect(lines[0]).toMatch(/^ring: a token passed through 500 processes/);
  });

  it('hibernates the counter between ticks and restarts it after its crash on the fifth tick', async () => {
    const clock = createSimulatedClock();
    const logger = createRecordingLogger();
    const lines: string[] = [];
    demo = await startProcessesDemo({ clock, logger, print: (l) => lines.push(l), ringSize: 10 });
    const first = demo.node.whereis('counter');
    for (let tick = 1; tick <= 4; tick++) {
      clock.advance(1000);
      await runUntilIdle(demo.node);
    }
    expect(demo.node.processInfo(first!)?.status).toBe('hibernated');
    expect(describeDemo(demo)).toMatch(/hibernated/);
    clock.advance(1000);
    await runUntilIdle(demo.node);
    const second = demo.node.whereis('counter');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(demo.node.isAlive(first!)).toBe(false);
    expect(lines.some((l) => l.includes('counter crashed on purpose at tick 5') && l.includes('restarting'))).toBe(true);
    expect(logger.at('error')).toHaveLength(1);
  });
});
