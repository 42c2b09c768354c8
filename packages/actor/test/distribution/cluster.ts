// A small in-memory cluster for the distribution tests: nodes on one hub, one simulated clock.
import { createNode, type Node, type Pid } from '../../src/index.js';
import { createMemoryHub, createRecordingLogger, createSimulatedClock, runUntilIdle, type MemoryHub, type RecordingLogger, type SimulatedClock } from '../../src/testing.js';

export const HEARTBEAT_MS = 100;
export const NODE_TIMEOUT_MS = 400;

export interface Cluster {
  hub: MemoryHub;
  clock: SimulatedClock;
  logger: RecordingLogger;
  nodes: Node[];
  /** Starts another node on the hub (and lets the heartbeats settle). */
  add(name: string, creation?: number): Promise<Node>;
  /** Lets messages, packets and async bodies settle. */
  settle(): Promise<void>;
  /** Advances the clock by `ms`, one heartbeat at a time, settling in between. */
  advance(ms: number): Promise<void>;
  /** Sends live `pid` to node `to` inside a message, as pids travel, and returns it as `to` knows it. */
  share(pid: Pid, to: Node): Promise<Pid>;
  stop(): void;
}

export async function startCluster(names: string[]): Promise<Cluster> {
  const hub = createMemoryHub();
  const clock = createSimulatedClock();
  const logger = createRecordingLogger();
  const nodes: Node[] = [];
  const settle = () => runUntilIdle(nodes);
  let shares = 0;
  const cluster: Cluster = {
    hub, clock, logger, nodes, settle,
    async add(name, creation = 1) {
      const node = createNode({ name, creation, transport: hub.transport(), clock, logger, heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: NODE_TIMEOUT_MS });
      nodes.push(node);
      await settle();
      return node;
    },
    async advance(ms) {
      for (let left = ms; left > 0; left -= HEARTBEAT_MS) {
        clock.advance(Math.min(HEARTBEAT_MS, left));
        await settle();
      }
    },
    async share(pid, to) {
      let shared: Pid | undefined;
      const name = `share-${++shares}`;
      const box = to.spawn(async (ctx) => void (shared = (await ctx.receive()) as Pid), { name });
      const from = nodes.filter((n) => n.name === pid.node && n.isAlive(pid)).at(-1);
      if (from === undefined) throw new Error(`no node ${pid.node}`);
      from.send({ name, node: to.name }, pid);
      await settle();
      if (shared === undefined || to.isAlive(box)) throw new Error(`${pid.toString()} did not reach ${to.name}`);
      return shared;
    },
    stop() {
      for (const node of nodes) node.stop();
    },
  };
  for (const name of names) await cluster.add(name);
  return cluster;
}
