// Ring: a token making 10 laps of a ring of 100,000 callback-driven processes (ns per hop).
import { startBaselineRing } from './baselines/token-ring.js';
import { compare, type Benchmark } from './harness.js';
import type { Figure } from './report.js';
import { startCorralRing } from './token-ring.js';

const SIZE = 100_000;
const LAPS = 10;
const REPS = 10;

export const ringBenchmarks: Array<Benchmark<Figure>> = [
  {
    name: 'ring',
    async run() {
      const hops = SIZE * LAPS;
      const best = await compare(REPS, await startCorralRing(SIZE, hops), startBaselineRing(SIZE, hops));
      return { bench: 'ring', ...best, unit: 'ns/hop', better: 'lower', target: { type: 'withinBaseline', factor: 1.5 } };
    },
  },
];
