// A ticker process that sendAfters itself and publishes each tick to a pg group of subscribers. `pnpm --filter @corral/examples ticker`.
import { pathToFileURL } from 'node:url';
import {
  createNode, hibernate, startPg, type Clock, type Logger, type Node, type Pg, type Pid, type ProcessHandler,
} from '@corral/actor';

/** What the ticker publishes: the `n`th tick, from 1. */
export interface Tick {
  type: 'tick';
  n: number;
}

/** The `n`th tick. */
export function tick(n: number): Tick {
  return { type: 'tick', n };
}

/** True when `msg` is a {@link Tick}. */
export function isTick(msg: unknown): msg is Tick {
  return typeof msg === 'object' && msg !== null && (msg as Tick).type === 'tick' && typeof (msg as Tick).n === 'number';
}

/** The ticker's own timer message, which no other process sends it. */
const NEXT = Object.freeze({ type: 'ticker.next' });

/** Options of {@link tickerHandler}. */
export interface TickerOptions {
  /** The scope whose group gets the ticks. */
  pg: Pg;
  /** The group (default `'ticks'`). */
  group?: string;
  /** Milliseconds between ticks, on the node's clock (default 1000). */
  interval?: number;
  /** Ticks to publish before exiting `'normal'` (default: no end). */
  ticks?: number;
}

/** A callback-driven ticker: arms `sendAfter(interval, self)`, and on each timer publishes the next tick to the group. */
export function tickerHandler(opts: TickerOptions): ProcessHandler<number> {
  const group = opts.group ?? 'ticks';
  const interval = opts.interval ?? 1000;
  const ticks = opts.ticks ?? Infinity;
  return {
    init(ctx) {
      ctx.sendAfter(interval, ctx.self, NEXT);
      return 0;
    },
    handleMessage(msg, n, ctx) {
      if (msg !== NEXT) throw new Error(`ticker: unexpected message ${JSON.stringify(msg)}`);
      opts.pg.publish(group, tick(n + 1));
      if (n + 1 >= ticks) ctx.exit('normal');
      ctx.sendAfter(interval, ctx.self, NEXT);
      return n + 1;
    },
  };
}

/**
 * A subscriber: joins `group` when it starts, reports each tick to `onTick` and hibernates between
 * ticks (its state is the last tick it heard). Anything else it receives crashes it: a bug, not data.
 */
export function subscriberHandler(pg: Pg, onTick: (self: Pid, tick: Tick) => void, group = 'ticks'): ProcessHandler<number> {
  return {
    init(ctx) {
      pg.join(group, ctx.self);
      return hibernate(0);
    },
    handleMessage(msg, _last, ctx) {
      if (!isTick(msg)) throw new Error(`subscriber: unexpected message ${JSON.stringify(msg)}`);
      onTick(ctx.self, msg);
      return hibernate(msg.n);
    },
  };
}

/** Options of {@link startTickerDemo}. */
export interface TickerDemoOptions {
  clock?: Clock;
  logger?: Logger;
  /** Where each subscriber's line goes (default: console.log). */
  print?: (line: string) => void;
  /** Subscribers started with the ticker (default 3). */
  subscribers?: number;
  /** Milliseconds between ticks (default 1000). */
  interval?: number;
  /** Ticks before the ticker exits (default 5). */
  ticks?: number;
}

/** A running ticker demo. `done` resolves when the ticker has published its last tick and exited. */
export interface TickerDemo {
  node: Node;
  pg: Pg;
  ticker: Pid;
  subscribers: Pid[];
  /** Starts one more subscriber, which hears the ticks from now on. */
  subscribe(): Pid;
  done: Promise<void>;
}

/** Starts a node with a pg scope, `subscribers` subscribers in the group `'ticks'` and a ticker publishing to it. */
export function startTickerDemo(opts: TickerDemoOptions = {}): TickerDemo {
  const print = opts.print ?? ((line: string) => console.log(line));
  const node = createNode({ name: 'ticker@localhost', clock: opts.clock, logger: opts.logger });
  const pg = startPg(node);
  const onTick = (self: Pid, t: Tick): void => print(`${self.toString()} heard tick ${t.n}`);
  const subscribe = (): Pid => node.spawnHandler(subscriberHandler(pg, onTick), { kind: 'subscriber' });
  const subscribers = Array.from({ length: opts.subscribers ?? 3 }, subscribe);
  const ticker = node.spawnHandler(
    tickerHandler({ pg, interval: opts.interval ?? 1000, ticks: opts.ticks ?? 5 }),
    { name: 'ticker', kind: 'ticker' },
  );
  const done = node.awaitExit(ticker).then(() => undefined);
  return { node, pg, ticker, subscribers, subscribe, done };
}

async function main(): Promise<void> {
  const demo = startTickerDemo({ ticks: Number(process.env['TICKS'] ?? 5) });
  console.log(`A ticker publishes a tick a second to ${demo.subscribers.length} subscribers in a pg group. Ctrl-C to stop.`);
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
