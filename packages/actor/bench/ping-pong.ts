// Ping-pong: round trips per second between two processes, callback-driven (targeted) and async-body (informational).
import { createNode, isPid, type ProcessContext } from '../src/index.js';
import { startBaselineAsyncPingPong } from './baselines/async-ping-pong.js';
import { startBaselineRing } from './baselines/token-ring.js';
import { check, compare, Latch, nsPer, type Benchmark, type Subject } from './harness.js';
import type { Figure } from './report.js';
import { startCorralRing } from './token-ring.js';

const ROUND_TRIPS = 1_000_000;
const ASYNC_ROUND_TRIPS = 100_000;
const REPS = 10;

/** Round trips per second from ns per message (a round trip is two messages). */
function roundTripsPerSecond(nsPerMessage: number): number {
  return 1e9 / (2 * nsPerMessage);
}

/** Two async bodies bouncing a countdown, each `await ctx.receive()`-ing the next message. */
async function startCorralAsyncPingPong(roundTrips: number): Promise<Subject> {
  const node = createNode();
  let latch = new Latch(2);
  const body = async (ctx: ProcessContext): Promise<void> => {
    const peer = await ctx.receive(isPid);
    latch.tick();
    for (;;) {
      const left = (await ctx.receive()) as number;
      if (left === 0) latch.tick();
      else ctx.send(peer, left - 1);
    }
  };
  const a = node.spawn(body);
  const b = node.spawn(body);
  node.send(a, b);
  node.send(b, a);
  await latch.done;
  const messages = 2 * roundTrips;
  return {
    async measure() {
      latch = new Latch(1);
      const start = performance.now();
      node.send(a, messages);
      const end = await latch.done;
      check(node.isAlive(a) && node.isAlive(b), 'both bodies are still running');
      return nsPer(start, end, messages);
    },
    close: () => node.stop(),
  };
}

export const pingPongBenchmarks: Array<Benchmark<Figure>> = [
  {
    name: 'ping-pong',
    async run() {
      const messages = 2 * ROUND_TRIPS;
      const best = await compare(REPS, await startCorralRing(2, messages), startBaselineRing(2, messages));
      return {
        bench: 'ping-pong',
        corral: roundTripsPerSecond(best.corral),
        baseline: roundTripsPerSecond(best.baseline),
        unit: 'round trips/s',
        better: 'higher',
        target: { type: 'withinBaseline', factor: 1.5 },
      };
    },
  },
  {
    name: 'ping-pong-async',
    async run() {
      const best = await compare(REPS, await startCorralAsyncPingPong(ASYNC_ROUND_TRIPS), startBaselineAsyncPingPong(ASYNC_ROUND_TRIPS));
      return {
        bench: 'ping-pong-async',
        corral: roundTripsPerSecond(best.corral),
        baseline: roundTripsPerSecond(best.baseline),
        unit: 'round trips/s',
        better: 'higher',
        target: { type: 'none' },
      };
    },
  },
];
