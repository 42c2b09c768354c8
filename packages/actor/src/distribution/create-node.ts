// createNode: the composition root of a node, with distribution when a transport is given.
import { randomInt } from 'node:crypto';
import { CorralError } from '../kernel/corral-error.js';
import { buildNode, type LocalNodeOptions, type Node } from '../node/node.js';
import { Distributor } from './distributor.js';
import type { Transport } from './transport.js';

/** Options of {@link createNode}. */
export interface NodeOptions extends LocalNodeOptions {
  /**
   * Joins a cluster over this transport (`name` must then be given, unique in the cluster; `creation`
   * is then random unless given, and a given one must change on each start). Await `node.ready` to
   * know it has joined. Without a transport the node is alone: messages and signals to pids of other
   * nodes are dropped.
   */
  transport?: Transport;
  /** Milliseconds between heartbeats (default 1000). */
  heartbeatMs?: number;
  /** A node unheard for longer than this is down (default 4000; detected within `nodeTimeoutMs + heartbeatMs`). */
  nodeTimeoutMs?: number;
}

function positive(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new CorralError('badOption', `${what} must be a positive number`);
  return value;
}

/**
 * Creates a node. Nothing is shared between nodes. With a `transport`, the node joins the nodes on
 * that transport: pids, `send`, links and monitors then work across nodes (see the README's
 * "Distribution" section).
 */
export function createNode(opts: NodeOptions = {}): Node {
  const { transport, heartbeatMs, nodeTimeoutMs, ...local } = opts;
  if (transport === undefined) return buildNode(local);
  if (local.name === undefined) throw new CorralError('badOption', 'a node with a transport needs a name');
  const timing = { heartbeatMs: positive(heartbeatMs, 1000, 'heartbeatMs'), nodeTimeoutMs: positive(nodeTimeoutMs, 4000, 'nodeTimeoutMs') };
  if (timing.nodeTimeoutMs <= timing.heartbeatMs) throw new CorralError('badOption', 'nodeTimeoutMs must be longer than heartbeatMs');
  const { creation } = local;
  if (creation !== undefined && (!Number.isInteger(creation) || creation < 1 || creation >= 2 ** 32)) {
    throw new CorralError('badOption', 'creation must be an integer from 1 to 2^32 - 1');
  }
  // Random, not from the clock: a creation that can be guessed lets a packet pass for another incarnation.
  return buildNode({ ...local, creation: creation ?? randomInt(1, 2 ** 32 - 1) }, (runtime) => new Distributor(runtime, transport, timing));
}
