// Spawn and exit: callback-driven processes spawned from outside, each ending in `init` (processes per second).
import { createNode, type ProcessHandler } from '../src/index.js';
import { startBaselineSpawn } from './baselines/spawn.js';
import { check, compare, Latch, nsPer, type Benchmark, type Subject } from './harness.js';
import type { Figure } from './report.js';

const COUNT = 100_000;
const REPS = 7;

/** Each `measure` spawns `count` processes whose `init` exits `'normal'`, and waits until the last has run. */
function startCorralSpawn(count: number): Subject {
  const node = createNode();
  let latch = new Latch(count);
  const brief: ProcessHandler<undefined> = {
    init(ctx) {
      latch.tick();
      return ctx.exit('normal');
    },
    handleMessage: (_msg, state) => state,
  };
  return {
    async measure() {
      latch = new Latch(count);
      const start = performance.now();
      for (let i = 0; i < count; i++) node.spawnHandler(brief);
      const end = await latch.done;
      check(node.stats().processes === 0, 'every spawned process has exited');
      return nsPer(start, end, count);
    },
    close: () => node.stop(),
  };
}

export const spawnBenchmarks: Array<Benchmark<Figure>> = [
  {
    name: 'spawn-exit',
    async run() {
      const best = await compare(REPS, startCorralSpawn(COUNT), startBaselineSpawn(COUNT));
      return {
        bench: 'spawn-exit',
        corral: 1e9 / best.corral,
        baseline: 1e9 / best.baseline,
        unit: 'processes/s',
        better: 'higher',
        target: { type: 'none' },
      };
    },
  },
];
