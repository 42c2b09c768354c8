// Nodes on Redis transports in the test process, and processes that wait for what a test expects (no sleeping).
import { createNode, isDownMessage, isNodeDownMessage, isNodeUpMessage, type Node, type Pid, type ProcessContext } from '@corral/actor';
import { createRecordingLogger, type RecordingLogger } from '@corral/actor/testing';
import { createRedisTransport, type ConnectionEvent, type RedisTransport, type RedisTransportOptions } from '../../src/index.js';

export const HEARTBEAT_MS = 100;
export const NODE_TIMEOUT_MS = 500;

/** A node on its own Redis transport, with the transport's connection events as promises. */
export interface RedisNode {
  node: Node;
  transport: RedisTransport;
  logger: RecordingLogger;
  /** Resolves at the next connection event of type `type`. */
  next(type: ConnectionEvent['type']): Promise<void>;
}

let creations = 0;

export function startRedisNode(name: string, opts: Omit<RedisTransportOptions, 'logger' | 'onConnection'> & { nodeTimeoutMs?: number }): RedisNode {
  const { nodeTimeoutMs = NODE_TIMEOUT_MS, ...transportOpts } = opts;
  const logger = createRecordingLogger();
  let waiting: { type: ConnectionEvent['type']; resolve: () => void }[] = [];
  const transport = createRedisTransport({
    backoff: { initialDelayMs: 20, maxDelayMs: 200 },
    ...transportOpts,
    logger,
    onConnection: (event) => {
      const due = waiting.filter((w) => w.type === event.type);
      waiting = waiting.filter((w) => w.type !== event.type);
      for (const w of due) w.resolve();
    },
  });
  const node = createNode({ name, creation: ++creations, transport, logger, heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs });
  return { node, transport, logger, next: (type) => new Promise((resolve) => waiting.push({ type, resolve })) };
}

/** Resolves when `node` sees node `other` connected (at once if it already is). */
export function connected(node: Node, other: string): Promise<void> {
  return new Promise((resolve) => {
    node.spawn(async (ctx) => {
      ctx.monitorNode(other);
      if (node.connectedNodes().includes(other)) return resolve();
      for (;;) if (isNodeUpMessage(await ctx.receive())) return resolve();
    });
  });
}

/** Resolves when `node` sees node `other` go down. */
export function disconnected(node: Node, other: string): Promise<void> {
  return new Promise((resolve) => {
    node.spawn(async (ctx) => {
      ctx.monitorNode(other);
      for (;;) if (isNodeDownMessage(await ctx.receive())) return resolve();
    });
  });
}

/** A process registered as `name` on `node` that resolves `done` with the first `count` messages it gets. */
export function collector(node: Node, name: string, count: number): { pid: Pid; done: Promise<unknown[]> } {
  let pid!: Pid;
  const done = new Promise<unknown[]>((resolve) => {
    pid = node.spawn(async (ctx) => {
      const got: unknown[] = [];
      while (got.length < count) got.push(await ctx.receive());
      resolve(got);
    }, { name });
  });
  return { pid, done };
}

/** A process registered as `echo` that answers `{ from, body }` with `{ echo: body, by: self }`. */
export function echo(node: Node): Pid {
  return node.spawnHandler({
    init: () => null,
    handleMessage(msg, _state, ctx: ProcessContext) {
      const { from, body } = msg as { from: Pid; body: unknown };
      ctx.send(from, { echo: body, by: ctx.self });
      return null;
    },
  }, { name: 'echo' });
}

/** Monitors `target` from `node` and resolves with the DOWN reason. */
export function downReason(node: Node, target: Pid): Promise<unknown> {
  return new Promise((resolve) => {
    node.spawn(async (ctx) => {
      ctx.monitor(target);
      for (;;) {
        const msg = await ctx.receive();
        if (isDownMessage(msg)) return resolve(msg.reason);
      }
    });
  });
}
