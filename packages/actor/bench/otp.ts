// OTP figures: GenServer.call round trips/s, and pg publish fan-out to 100,000 members, beside hand-written baselines.
import { createNode, GenServer, ok, reply, startPg, type GenServerImpl } from '../src/index.js';
import { spawnListeners } from './fan-out.js';
import { startBaselineCall } from './baselines/call.js';
import { startBaselineFanOut } from './baselines/fan-out.js';
import { check, compare, nsPer, type Benchmark, type Subject } from './harness.js';
import type { Figure } from './report.js';

const CALLS = 200_000;
const MEMBERS = 100_000;
const REPS = 9;
const NEWS = { type: 'news', text: 'hello, everyone' } as const;

const adder: GenServerImpl<number, void, number, never, number> = {
  init: () => ok(0),
  handleCall: (n, _from, calls) => reply(n + 1, calls + 1),
};

/** A GenServer answering `n` with `n + 1`; each `measure` makes `calls` sequential calls from outside any process. */
async function startCorralCalls(calls: number): Promise<Subject> {
  const node = createNode();
  const server = await GenServer.start(node, adder, undefined);
  return {
    async measure() {
      const start = performance.now();
      let n = 0;
      for (let i = 0; i < calls; i++) n = await GenServer.call(server, n);
      const end = performance.now();
      check(n === calls, 'every call was answered');
      return nsPer(start, end, calls);
    },
    close: () => node.stop(),
  };
}

/** `size` callback-driven members of one pg group; each `measure` publishes one message to all of them. */
async function startCorralPublish(size: number): Promise<Subject> {
  const { node, pids, expect } = await spawnListeners(size);
  const pg = startPg(node, { scope: 'bench' });
  pg.join('all', pids);
  return {
    async measure() {
      const done = expect(size);
      const start = performance.now();
      check(pg.publish('all', NEWS) === size, 'publish reached every member');
      const end = await done;
      check(node.idle, 'every member handled the message');
      return nsPer(start, end, size);
    },
    close: () => node.stop(),
  };
}

export const otpBenchmarks: Array<Benchmark<Figure>> = [
  {
    name: 'gen-server-call',
    async run() {
      const best = await compare(REPS, await startCorralCalls(CALLS), startBaselineCall(CALLS));
      return {
        bench: 'gen-server-call',
        corral: 1e9 / best.corral,
        baseline: 1e9 / best.baseline,
        unit: 'calls/s',
        better: 'higher',
        target: { type: 'none' },
      };
    },
  },
  {
    name: 'pg-publish',
    async run() {
      const best = await compare(REPS, await startCorralPublish(MEMBERS), startBaselineFanOut(MEMBERS, NEWS));
      return { bench: 'pg-publish', ...best, unit: 'ns/message', better: 'lower', target: { type: 'withinBaseline', factor: 1.5 } };
    },
  },
];
