// Fan-out: one message sent to each of 100,000 callback-driven processes (ns per message, until all handled it).
import { createNode, type Node, type Pid, type ProcessHandler } from '../src/index.js';
import { startBaselineFanOut } from './baselines/fan-out.js';
import { check, compare, Latch, nsPer, type Benchmark, type Subject } from './harness.js';
import type { Figure } from './report.js';

const SIZE = 100_000;
const REPS = 15;
const NEWS = { type: 'news', text: 'hello, everyone' } as const;

/** Callback-driven listeners on a node, counting what they hear; `heard` resets the count to wait for. */
export interface Listeners {
  node: Node;
  pids: Pid[];
  /** Resolves once `size` more messages (or inits) have been handled. */
  expect(size: number): Promise<number>;
}

/** Spawns `size` listeners on a fresh node and waits until each has run `init` (untimed). */
export async function spawnListeners(size: number): Promise<Listeners> {
  const node = createNode();
  let latch = new Latch(size);
  const listener: ProcessHandler<number> = {
    init() {
      latch.tick();
      return 0;
    },
    handleMessage(_msg, heard) {
      latch.tick();
      return heard + 1;
    },
  };
  const pids: Pid[] = [];
  for (let i = 0; i < size; i++) pids.push(node.spawnHandler(listener));
  await latch.done;
  return {
    node,
    pids,
    expect(count) {
      latch = new Latch(count);
      return latch.done;
    },
  };
}

/** Each `measure` sends one message to every listener with a loop of `node.send`. */
async function startCorralFanOut(size: number): Promise<Subject> {
  const { node, pids, expect } = await spawnListeners(size);
  return {
    async measure() {
      const done = expect(size);
      const start = performance.now();
      for (const pid of pids) node.send(pid, NEWS);
      const end = await done;
      check(node.idle, 'every listener handled the message');
      return nsPer(start, end, size);
    },
    close: () => node.stop(),
  };
}

export const fanOutBenchmarks: Array<Benchmark<Figure>> = [
  {
    name: 'fan-out',
    async run() {
      const best = await compare(REPS, await startCorralFanOut(SIZE), startBaselineFanOut(SIZE, NEWS));
      return { bench: 'fan-out', ...best, unit: 'ns/message', better: 'lower', target: { type: 'withinBaseline', factor: 1.5 } };
    },
  },
];
