// Memory: heap bytes per idle and per hibernated process (100,000 of them), beside a plain object with a queue array.
import { createNode, hibernate, type Node, type ProcessBody, type ProcessContext, type ProcessHandler } from '../src/index.js';
import { baselineBytesPerActor } from './baselines/memory.js';
import { check, collectGarbage, heapUsed, Latch, type Benchmark } from './harness.js';
import type { Figure } from './report.js';

const COUNT = 100_000;
const REPS = 3;

/** How one memory figure populates a node: spawn `count` processes that tick `latch` once each is settled. */
type Populate = (node: Node, count: number, latch: Latch) => void;

/** Heap bytes per process: (heapUsed after gc with `count` settled processes - before) / count. */
async function measureOnce(count: number, populate: Populate, settled: (node: Node) => boolean): Promise<number> {
  collectGarbage();
  const before = heapUsed();
  const node = createNode();
  const latch = new Latch(count);
  populate(node, count, latch);
  await latch.done;
  collectGarbage();
  const after = heapUsed();
  check(node.stats().processes === count && settled(node), 'every process is alive and settled');
  node.stop();
  return (after - before) / count;
}

/** The best of `REPS` runs of {@link measureOnce}, each its own call so no stack slot holds the previous node. */
async function corralBytesPerProcess(count: number, populate: Populate, settled: (node: Node) => boolean): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < REPS; i++) best = Math.min(best, await measureOnce(count, populate, settled));
  return best;
}

function idleHandler(latch: Latch): ProcessHandler<{ count: number }> {
  return {
    init() {
      latch.tick();
      return { count: 0 };
    },
    handleMessage: (_msg, state) => ({ count: state.count + 1 }),
  };
}

function sleeperHandler(latch: Latch): ProcessHandler<undefined> {
  return {
    init: () => undefined,
    handleMessage() {
      latch.tick();
      return hibernate(undefined);
    },
  };
}

function waitingBody(latch: Latch): ProcessBody {
  return async (ctx: ProcessContext) => {
    latch.tick();
    await ctx.receive();
  };
}

function hibernatingBody(latch: Latch): ProcessBody {
  const wake = async (ctx: ProcessContext): Promise<void> => {
    await ctx.receive();
  };
  return (ctx: ProcessContext) => {
    latch.tick();
    return ctx.hibernate(wake, undefined);
  };
}

const isIdle = (node: Node): boolean => node.idle && node.stats().hibernated === 0;
const allHibernated = (node: Node): boolean => node.idle && node.stats().hibernated === node.stats().processes;

function memoryFigure(bench: string, corral: number, baseline: number, targetBytes: number | null): Figure {
  return {
    bench,
    corral,
    baseline,
    unit: 'bytes/process',
    better: 'lower',
    target: targetBytes === null ? { type: 'none' } : { type: 'underBytes', bytes: targetBytes },
  };
}

export const memoryBenchmarks: Array<Benchmark<Figure>> = [
  {
    name: 'memory-idle-handler',
    async run() {
      const corral = await corralBytesPerProcess(COUNT, (node, n, latch) => {
        const handler = idleHandler(latch);
        for (let i = 0; i < n; i++) node.spawnHandler(handler);
      }, isIdle);
      const baseline = baselineBytesPerActor(COUNT, () => ({ count: 0 }));
      return memoryFigure('memory-idle-handler', corral, baseline, 300);
    },
  },
  {
    name: 'memory-idle-async',
    async run() {
      const corral = await corralBytesPerProcess(COUNT, (node, n, latch) => {
        const body = waitingBody(latch);
        for (let i = 0; i < n; i++) node.spawn(body);
      }, isIdle);
      const baseline = baselineBytesPerActor(COUNT, () => undefined);
      return memoryFigure('memory-idle-async', corral, baseline, null);
    },
  },
  {
    name: 'memory-hibernated-handler',
    async run() {
      const corral = await corralBytesPerProcess(COUNT, (node, n, latch) => {
        const handler = sleeperHandler(latch);
        for (let i = 0; i < n; i++) node.send(node.spawnHandler(handler), 'sleep');
      }, allHibernated);
      const baseline = baselineBytesPerActor(COUNT, () => undefined);
      return memoryFigure('memory-hibernated-handler', corral, baseline, 150);
    },
  },
  {
    name: 'memory-hibernated-async',
    async run() {
      const corral = await corralBytesPerProcess(COUNT, (node, n, latch) => {
        const body = hibernatingBody(latch);
        for (let i = 0; i < n; i++) node.spawn(body);
      }, allHibernated);
      const baseline = baselineBytesPerActor(COUNT, () => undefined);
      return memoryFigure('memory-hibernated-async', corral, baseline, 150);
    },
  },
];
