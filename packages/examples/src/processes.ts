// The processes demo: a supervisor-like parent restarts a crashing worker, a ticker drives it, a ring passes a token.
import { pathToFileURL } from 'node:url';
import {
  createNode, hibernate, isExitMessage, type Clock, type Logger, type Node, type Pid, type ProcessContext,
} from '@corral/actor';

/** Options of {@link startProcessesDemo}. */
export interface ProcessesDemoOptions {
  clock?: Clock;
  logger?: Logger;
  /** Where the demo's narration goes (default: console.log). */
  print?: (line: string) => void;
  /** Processes in the ring (default 10,000). */
  ringSize?: number;
}

/** A running demo: its node and the pids worth looking at. */
export interface ProcessesDemo {
  node: Node;
  parent: Pid;
  ticker: Pid;
  counter: Pid;
}

/** A callback-driven counter: counts ticks, crashes on every fifth one, hibernates between ticks. */
const counterHandler = {
  init: () => ({ ticks: 0 }),
  handleMessage(msg: unknown, state: { ticks: number }) {
    if (msg !== 'tick') return state;
    const ticks = state.ticks + 1;
    if (ticks % 5 === 0) throw new Error(`counter crashed on purpose at tick ${ticks}`);
    return hibernate({ ticks });
  },
};

/** Traps exits and restarts the counter whenever it dies, like a one-for-one supervisor. */
async function parentBody(ctx: ProcessContext, print: (line: string) => void): Promise<void> {
  ctx.trapExit(true);
  let counter = ctx.spawnHandler(counterHandler, { name: 'counter', kind: 'worker', link: true });
  for (;;) {
    const msg = await ctx.receive(isExitMessage);
    if (msg.from !== counter) continue;
    print(`parent: ${msg.from.toString()} exited (${msg.reason instanceof Error ? msg.reason.message : String(msg.reason)}), restarting it`);
    counter = ctx.spawnHandler(counterHandler, { name: 'counter', kind: 'worker', link: true });
  }
}

/** Sends 'tick' to the registered counter every second. */
async function tickerBody(ctx: ProcessContext): Promise<void> {
  for (;;) {
    ctx.sendAfter(1000, ctx.self, 'tick');
    await ctx.receive((m) => m === 'tick');
    if (ctx.whereis('counter') !== undefined) ctx.send('counter', 'tick');
  }
}

/** Spawns a ring of `size` handler processes and sends a token around it once; resolves the hops. */
function ring(node: Node, size: number): Promise<number> {
  return new Promise((resolve) => {
    const first = node.spawnHandler({
      init: () => undefined,
      handleMessage: (hops: unknown) => {
        resolve(hops as number);
        return undefined;
      },
    }, { kind: 'ring' });
    let next = first;
    for (let i = 1; i < size; i++) {
      const to = next;
      next = node.spawnHandler({
        init: () => undefined,
        handleMessage: (hops, _state, ctx) => {
          ctx.send(to, (hops as number) + 1);
          return undefined;
        },
      }, { kind: 'ring' });
    }
    node.send(next, 1);
  });
}

/** Starts the demo on a new node. */
export async function startProcessesDemo(opts: ProcessesDemoOptions = {}): Promise<ProcessesDemo> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const node = createNode({ name: 'demo@localhost', clock: opts.clock, logger: opts.logger });
  const size = opts.ringSize ?? 10_000;
  const started = performance.now();
  const hops = await ring(node, size);
  print(`ring: a token passed through ${hops} processes in ${(performance.now() - started).toFixed(1)} ms`);
  const parent = node.spawn((ctx) => parentBody(ctx, print), { name: 'parent', kind: 'supervisor' });
  const ticker = node.spawn(tickerBody, { name: 'ticker', kind: 'ticker' });
  await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return { node, parent, ticker, counter: node.whereis('counter') as Pid };
}

/** One line describing the counter and the node, for the demo's periodic report. */
export function describeDemo(demo: ProcessesDemo): string {
  const counter = demo.node.whereis('counter');
  const info = counter === undefined ? undefined : demo.node.processInfo(counter);
  const stats = demo.node.stats();
  return `node ${demo.node.name}: ${stats.processes} processes, ${stats.hibernated} hibernated; counter ${counter?.toString() ?? '-'} ${info?.status ?? 'gone'}, ${info?.memory ?? 0} bytes`;
}

/** `pnpm --filter @corral/examples processes`: reports once a second until Ctrl-C (or DEMO_SECONDS reports). */
async function main(): Promise<void> {
  const seconds = Number(process.env['DEMO_SECONDS'] ?? Infinity);
  const demo = await startProcessesDemo();
  console.log('A ring of processes, a ticker, a crashing counter restarted by its parent. Ctrl-C to stop.');
  let elapsed = 0;
  const stop = (): void => {
    clearInterval(report);
    demo.node.stop();
    process.exit(0);
  };
  const report = setInterval(() => {
    console.log(describeDemo(demo));
    if (++elapsed >= seconds) stop();
  }, 1000);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
