import { afterEach, describe, expect, it } from 'vitest';
import { isNodeDownMessage, isNodeUpMessage, type Node, type Pid, type ProcessContext } from '../../src/index.js';
import { HEARTBEAT_MS, NODE_TIMEOUT_MS, startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

const DETECTION_MS = NODE_TIMEOUT_MS + HEARTBEAT_MS;

/** A process on `node` that records what it receives, after `setup`. */
function recorder(node: Node, setup: (ctx: ProcessContext) => void): { pid: Pid; got: unknown[] } {
  const got: unknown[] = [];
  const pid = node.spawn(async (ctx) => {
    setup(ctx);
    for (;;) got.push(await ctx.receive());
  });
  return { pid, got };
}

function idle(node: Node): Pid {
  return node.spawn(async (ctx) => void (await ctx.receive()));
}

const reasons = (got: unknown[]) => got.map((m) => (m as { type: string; reason?: unknown }).type + ':' + String((m as { reason?: unknown }).reason));

/**
 * Two nodes watching each other: `onB` (on b) monitors node a; `onA` (on a) monitors node b and
 * the process `onB` (`tB`, its pid as a knows it). Each records what it receives.
 */
async function watchingPair() {
  cluster = await startCluster(['a@test', 'b@test']);
  const [a, b] = cluster.nodes as [Node, Node];
  const onB = recorder(b, (ctx) => ctx.monitorNode('a@test'));
  const tB = await cluster.share(onB.pid, a);
  const onA = recorder(a, (ctx) => {
    ctx.monitorNode('b@test');
    ctx.monitor(tB);
  });
  await cluster.settle();
  return { a, b, onA, onB, tB };
}

describe('a node going down', () => {
  it('fires noconnection for every remote link and monitor, and NODE_DOWN, within the detection time after a crash', async () => {
    cluster = await startCluster(['a@test', 'b@test', 'c@test']);
    const [a, b] = cluster.nodes as [Node, Node, Node];
    const t1 = await cluster.share(idle(b), a);
    const t2 = await cluster.share(idle(b), a);
    const trapped = recorder(a, (ctx) => {
      ctx.trapExit(true);
      ctx.link(t1);
      ctx.monitor(t2);
      ctx.monitorNode('b@test');
    });
    const linked = recorder(a, (ctx) => ctx.link(t2));
    await cluster.settle();
    const linkedExit = a.awaitExit(linked.pid);
    cluster.hub.kill('b@test');
    await cluster.advance(NODE_TIMEOUT_MS - HEARTBEAT_MS);
    expect(trapped.got).toEqual([]);
    expect(a.connectedNodes().sort()).toEqual(['b@test', 'c@test']);
    await cluster.advance(2 * HEARTBEAT_MS);
    expect(reasons(trapped.got).sort()).toEqual(['DOWN:noconnection', 'EXIT:noconnection', 'NODE_DOWN:noconnection']);
    expect(await linkedExit).toBe('noconnection');
    expect(a.connectedNodes()).toEqual(['c@test']);
    expect(cluster.nodes[2]!.connectedNodes()).toEqual(['a@test']);
  });

  it('detects a crash within nodeTimeoutMs + heartbeatMs', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a] = cluster.nodes as [Node, Node];
    const watch = recorder(a, (ctx) => ctx.monitorNode('b@test'));
    await cluster.settle();
    cluster.hub.kill('b@test');
    await cluster.advance(DETECTION_MS);
    expect(watch.got.filter((m) => isNodeDownMessage(m, 'b@test'))).toHaveLength(1);
  });

  it('tells the other nodes at once when a node is stopped, after the exits of its processes', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const t = await cluster.share(idle(b), a);
    const watch = recorder(a, (ctx) => {
      ctx.trapExit(true);
      ctx.link(t);
      ctx.monitorNode('b@test');
    });
    await cluster.settle();
    b.stop();
    await cluster.settle();
    expect(reasons(watch.got)).toEqual(['EXIT:shutdown', 'NODE_DOWN:noconnection']);
  });

  it('gives NODE_DOWN at once for a node that is not connected, and NODE_UP when it connects', async () => {
    cluster = await startCluster(['a@test']);
    const [a] = cluster.nodes as [Node];
    const watch = recorder(a, (ctx) => ctx.monitorNode('late@test'));
    await cluster.settle();
    expect(watch.got.filter((m) => isNodeDownMessage(m, 'late@test'))).toHaveLength(1);
    await cluster.add('late@test');
    expect(watch.got.filter((m) => isNodeUpMessage(m, 'late@test'))).toHaveLength(1);
  });

  it('stops telling a process about a node after demonitorNode', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const watch = recorder(a, (ctx) => {
      ctx.monitorNode('b@test');
      ctx.demonitorNode('b@test');
    });
    await cluster.settle();
    b.stop();
    await cluster.settle();
    expect(watch.got).toEqual([]);
  });

  it('fires noconnection on both sides of a partition, and reconnects after heal', async () => {
    const { a, b, onA, onB, tB } = await watchingPair();
    cluster.hub.partition('a@test', 'b@test');
    await cluster.advance(DETECTION_MS);
    expect(reasons(onA.got).sort()).toEqual(['DOWN:noconnection', 'NODE_DOWN:noconnection']);
    expect(reasons(onB.got)).toEqual(['NODE_DOWN:noconnection']);
    a.send(tB, 'lost in the partition');
    cluster.hub.heal();
    await cluster.advance(HEARTBEAT_MS);
    expect(a.connectedNodes()).toEqual(['b@test']);
    expect(b.connectedNodes()).toEqual(['a@test']);
    expect(onA.got.filter((m) => isNodeUpMessage(m, 'b@test'))).toHaveLength(1);
    expect(onB.got.filter((m) => isNodeUpMessage(m, 'a@test'))).toHaveLength(1);
    a.send(tB, 'after heal');
    await cluster.settle();
    expect(onB.got.filter((m) => typeof m === 'string')).toEqual(['after heal']);
  });

  it('takes a one-way partition down on both sides: the side still hearing the other learns it is no longer heard', async () => {
    const { a, b, onA, onB } = await watchingPair();
    cluster.hub.cut('a@test', 'b@test');
    await cluster.advance(DETECTION_MS + HEARTBEAT_MS);
    expect(reasons(onB.got)).toEqual(['NODE_DOWN:noconnection']);
    expect(reasons(onA.got).sort()).toEqual(['DOWN:noconnection', 'NODE_DOWN:noconnection']);
    expect(a.connectedNodes()).toEqual([]);
    expect(b.connectedNodes()).toEqual([]);
    await cluster.advance(3 * NODE_TIMEOUT_MS);
    expect(onA.got.some((m) => isNodeUpMessage(m, 'b@test'))).toBe(false);
    expect(a.connectedNodes()).toEqual([]);
    cluster.hub.heal();
    await cluster.advance(HEARTBEAT_MS);
    expect(a.connectedNodes()).toEqual(['b@test']);
    expect(b.connectedNodes()).toEqual(['a@test']);
  });

  it('sees a restarted node (same name, new creation) as the old incarnation going down', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const old = await cluster.share(idle(b), a);
    const watch = recorder(a, (ctx) => {
      ctx.trapExit(true);
      ctx.link(old);
      ctx.monitorNode('b@test');
    });
    await cluster.settle();
    cluster.hub.kill('b@test');
    const b2 = await cluster.add('b@test', 2);
    expect(reasons(watch.got)).toEqual(['EXIT:noconnection', 'NODE_DOWN:noconnection', 'NODE_UP:undefined']);
    expect(a.connectedNodes()).toEqual(['b@test']);
    a.send(old, 'to the old incarnation');
    const fresh = await cluster.share(idle(b2), a);
    expect(fresh.serial).toBe(2);
    expect(fresh).not.toBe(old);
    b.stop();
  });
});
