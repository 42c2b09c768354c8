// A counter GenServer under a Supervisor: it crashes on purpose every Nth increment and is restarted. `pnpm --filter @corral/examples counter`.
import { pathToFileURL } from 'node:url';
import {
  GenServer, Supervisor, createNode, formatReason, isCorralError, ok, reply,
  type Clock, type GenServerImpl, type Logger, type Node, type Pid, type ProcessContext, type ServerPid, type SupervisorSpec,
} from '@corral/actor';

/** What the counter answers: `increment` adds one and returns the new count, `get` returns it. */
export type CounterCall = { type: 'increment' } | { type: 'get' };

/** A counter that starts at 0, hibernates between calls, and crashes on purpose when it would reach a multiple of `crashEvery`. */
export function counterServer(crashEvery: number): GenServerImpl<number, void, CounterCall, never, number> {
  return {
    init: () => ok(0),
    handleCall(request, _from, n) {
      switch (request.type) {
        case 'get': return reply(n, n);
        case 'increment': {
          if ((n + 1) % crashEvery === 0) throw new Error(`counter crashed on purpose at ${n + 1}`);
          return reply(n + 1, n + 1, { hibernate: true });
        }
        default: {
          const never: never = request;
          throw new Error(`unexpected call ${String(never)}`);
        }
      }
    },
  };
}

/** Options of {@link counterTree}. */
export interface CounterTreeOptions {
  /** The counter crashes on every increment to a multiple of this (default 3). */
  crashEvery?: number;
  /** Restarts the supervisor allows within `period` ms before it gives up (default 3 in 5000 ms). */
  intensity?: number;
  period?: number;
}

/** A one-for-one supervisor over one permanent child: the counter, registered as `'counter'`. */
export function counterTree(opts: CounterTreeOptions = {}): SupervisorSpec {
  const crashEvery = opts.crashEvery ?? 3;
  return {
    flags: { strategy: 'oneForOne', intensity: opts.intensity ?? 3, period: opts.period ?? 5000 },
    children: [{ id: 'counter', start: (ctx) => GenServer.startLink(ctx, counterServer(crashEvery), undefined, { name: 'counter' }) }],
  };
}

/** The outcome of one increment, as the client sees it. */
export type Increment =
  | { type: 'counted'; n: number; counter: Pid }
  | { type: 'crashed'; counter: Pid; reason: string }
  | { type: 'noCounter' };

/** Asks the counter registered on `node` for an increment; a crash or a missing counter is a value, not a throw. */
export async function increment(node: Node): Promise<Increment> {
  const counter: ServerPid<CounterCall, never, number> | undefined = node.whereis('counter');
  if (counter === undefined) return { type: 'noCounter' };
  try {
    return { type: 'counted', n: await GenServer.call(counter, { type: 'increment' }), counter };
  } catch (error) {
    if (!isCorralError(error)) throw error;
    if (error.code === 'noproc') return { type: 'noCounter' };
    if (error.code === 'exit') return { type: 'crashed', counter, reason: error.reason instanceof Error ? error.reason.message : formatReason(error.reason) };
    throw error;
  }
}

/** One line describing an increment. */
export function describeIncrement(i: number, outcome: Increment): string {
  switch (outcome.type) {
    case 'counted': return `increment ${i}: count ${outcome.n} (counter ${outcome.counter.toString()})`;
    case 'crashed': return `increment ${i}: counter ${outcome.counter.toString()} crashed (${outcome.reason}); its supervisor restarts it`;
    case 'noCounter': return `increment ${i}: no counter; the supervisor gave up`;
  }
}

/** Options of {@link startCounterDemo}. */
export interface CounterDemoOptions extends CounterTreeOptions {
  clock?: Clock;
  logger?: Logger;
  /** Where the client's lines go (default: console.log). */
  print?: (line: string) => void;
  /** Milliseconds between increments, on the node's clock (default 1000). */
  interval?: number;
  /** Increments before the client stops the tree and exits (default 5). */
  increments?: number;
}

/** A running counter demo. `done` resolves once the client has made its increments and stopped the tree. */
export interface CounterDemo {
  node: Node;
  supervisor: Pid;
  client: Pid;
  done: Promise<void>;
}

const NEXT = Object.freeze({ type: 'client.next' });

/** The client: every `interval` ms, an increment; after the last one (or once the supervisor gave up), stops the tree. */
async function clientBody(ctx: ProcessContext, node: Node, supervisor: Pid, opts: CounterDemoOptions): Promise<void> {
  const print = opts.print ?? ((line: string) => console.log(line));
  for (let i = 1; i <= (opts.increments ?? 5); i++) {
    ctx.sendAfter(opts.interval ?? 1000, ctx.self, NEXT);
    await ctx.receive((m) => m === NEXT);
    const outcome = await increment(node);
    print(describeIncrement(i, outcome));
    if (outcome.type === 'noCounter') return;
  }
  if (node.isAlive(supervisor)) await Supervisor.stop(supervisor);
}

/** Starts a node with the counter tree and a client that increments once per `interval`. */
export async function startCounterDemo(opts: CounterDemoOptions = {}): Promise<CounterDemo> {
  const node = createNode({ name: 'counter@localhost', clock: opts.clock, logger: opts.logger });
  const supervisor = await Supervisor.start(node, counterTree(opts), { name: 'counter_sup' });
  const client = node.spawn((ctx) => clientBody(ctx, node, supervisor, opts), { name: 'client', kind: 'client' });
  return { node, supervisor, client, done: node.awaitExit(client).then(() => undefined) };
}

async function main(): Promise<void> {
  const demo = await startCounterDemo({ increments: Number(process.env['INCREMENTS'] ?? 5) });
  console.log('A counter GenServer under a Supervisor crashes on every third increment and is restarted. Ctrl-C to stop.');
  const stop = (): void => {
    demo.node.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await demo.done;
  stop();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
