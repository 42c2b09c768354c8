// The global registry across nodes: one owner cluster-wide, refused second claims, freed on exit and nodedown, clashes settled after a partition.
import { afterEach, describe, expect, it } from 'vitest';
import { GLOBAL_NAME_CONFLICT, createNode, type Node, type Pid } from '../../src/index.js';
import { HEARTBEAT_MS, NODE_TIMEOUT_MS, startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

const DETECTION_MS = NODE_TIMEOUT_MS + HEARTBEAT_MS;

/** A process on `node` that records what it receives. */
function recorder(node: Node): { pid: Pid; got: unknown[] } {
  const got: unknown[] = [];
  const pid = node.spawn(async (ctx) => {
    for (;;) got.push(await ctx.receive());
  });
  return { pid, got };
}

const owners = (nodes: Node[], name: string) => nodes.map((n) => String(n.whereisGlobal(name)));

describe('the global registry', () => {
  it('gives a name one owner across the cluster, reachable from every node', async () => {
    cluster = await startCluster(['a@test', 'b@test', 'c@test']);
    const [a, b, c] = cluster.nodes as [Node, Node, Node];
    const leader = recorder(b);
    expect(b.registerGlobal('leader', leader.pid)).toBe(true);
    await cluster.settle();
    expect(owners([a, b, c], 'leader')).toEqual([String(leader.pid), String(leader.pid), String(leader.pid)]);
    expect(b.whereisGlobal('leader')).toBe(leader.pid);
    a.sendGlobal('leader', 'from a');
    c.send(c.whereisGlobal('leader')!, 'from c');
    await cluster.settle();
    expect(leader.got.sort()).toEqual(['from a', 'from c']);
    expect(a.registeredGlobal()).toEqual(['leader']);
  });

  it('refuses a second claim of a taken name, on any node', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const first = recorder(a);
    expect(a.registerGlobal('leader', first.pid)).toBe(true);
    expect(a.registerGlobal('leader', recorder(a).pid)).toBe(false);
    await cluster.settle();
    expect(b.registerGlobal('leader', recorder(b).pid)).toBe(false);
    await cluster.settle();
    expect(owners([a, b], 'leader')).toEqual([String(first.pid), String(first.pid)]);
  });

  it('frees a name when its owner exits, and on unregisterGlobal from any node', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const owner = recorder(a);
    a.registerGlobal('leader', owner.pid);
    await cluster.settle();
    a.exit(owner.pid, 'kill');
    await cluster.settle();
    expect(owners([a, b], 'leader')).toEqual(['undefined', 'undefined']);
    const next = recorder(b);
    expect(b.registerGlobal('leader', next.pid)).toBe(true);
    await cluster.settle();
    expect(a.unregisterGlobal('leader')).toBe(true);
    expect(a.unregisterGlobal('leader')).toBe(false);
    await cluster.settle();
    expect(owners([a, b], 'leader')).toEqual(['undefined', 'undefined']);
    expect(b.isAlive(next.pid)).toBe(true);
  });

  it('frees the names of a node that goes down', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    b.registerGlobal('leader', recorder(b).pid);
    await cluster.settle();
    cluster.hub.kill('b@test');
    await cluster.advance(DETECTION_MS);
    expect(a.whereisGlobal('leader')).toBeUndefined();
    expect(a.registerGlobal('leader', recorder(a).pid)).toBe(true);
  });

  it('settles a clash after a partition heals: the lowest node name keeps the name, the other owner is ended', async () => {
    cluster = await startCluster(['a@test', 'b@test', 'c@test']);
    const [a, b, c] = cluster.nodes as [Node, Node, Node];
    cluster.hub.partition('a@test', 'b@test');
    cluster.hub.partition('a@test', 'c@test');
    await cluster.advance(DETECTION_MS);
    const onA = recorder(a);
    const onB = recorder(b);
    expect(b.registerGlobal('leader', onB.pid)).toBe(true);
    expect(a.registerGlobal('leader', onA.pid)).toBe(true);
    await cluster.settle();
    expect(owners([b, c], 'leader')).toEqual([String(onB.pid), String(onB.pid)]);
    const bExit = b.awaitExit(onB.pid);
    cluster.hub.heal();
    await cluster.advance(2 * HEARTBEAT_MS);
    expect(await bExit).toBe(GLOBAL_NAME_CONFLICT);
    expect(owners([a, b, c], 'leader')).toEqual([String(onA.pid), String(onA.pid), String(onA.pid)]);
    expect(a.isAlive(onA.pid)).toBe(true);
    expect(cluster.logger.entries.some((e) => e.message.includes('lost the name leader'))).toBe(true);
  });

  it('ends a connection that lost packets in a transport outage, then resyncs names: a name freed meanwhile is freed everywhere, a new one is known', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const old = recorder(b);
    expect(b.registerGlobal('old', old.pid)).toBe(true);
    await cluster.settle();
    cluster.hub.disconnect('b@test');
    b.exit(old.pid, 'kill');
    const fresh = recorder(b);
    expect(b.registerGlobal('fresh', fresh.pid)).toBe(true);
    await cluster.advance(HEARTBEAT_MS);
    expect(a.registeredGlobal()).toEqual(['old']);
    cluster.hub.reconnect('b@test');
    await cluster.advance(3 * HEARTBEAT_MS);
    expect(a.registeredGlobal()).toEqual(['fresh']);
    expect(owners([a, b], 'fresh')).toEqual([String(fresh.pid), String(fresh.pid)]);
    expect(a.stats().distribution?.broken).toBe(1);
    expect(a.connectedNodes()).toEqual(['b@test']);
  });

  it('settles two claims that cross in flight the same way on every node', async () => {
    cluster = await startCluster(['a@test', 'b@test', 'c@test']);
    const [a, b, c] = cluster.nodes as [Node, Node, Node];
    const onB = recorder(b);
    const onC = recorder(c);
    expect(c.registerGlobal('leader', onC.pid)).toBe(true);
    expect(b.registerGlobal('leader', onB.pid)).toBe(true);
    const cExit = c.awaitExit(onC.pid);
    await cluster.settle();
    expect(await cExit).toBe(GLOBAL_NAME_CONFLICT);
    expect(owners([a, b, c], 'leader')).toEqual([String(onB.pid), String(onB.pid), String(onB.pid)]);
  });

  it('learns the names held before it joined (a sync on node up)', async () => {
    cluster = await startCluster(['a@test']);
    const [a] = cluster.nodes as [Node];
    const owner = recorder(a);
    a.registerGlobal('leader', owner.pid);
    const late = await cluster.add('late@test');
    await cluster.settle();
    expect(String(late.whereisGlobal('leader'))).toBe(String(owner.pid));
  });

  it('works as a registry of one node without a transport, and checks its arguments', async () => {
    const node = createNode();
    try {
      const pid = node.spawn(async (ctx) => void (await ctx.receive()));
      expect(node.registerGlobal('solo', pid)).toBe(true);
      expect(node.whereisGlobal('solo')).toBe(pid);
      expect(() => node.registerGlobal('', pid)).toThrow(expect.objectContaining({ code: 'badName' }));
      expect(() => node.sendGlobal('nobody', 1)).toThrow(expect.objectContaining({ code: 'unknownName' }));
      node.exit(pid, 'kill');
      expect(node.whereisGlobal('solo')).toBeUndefined();
    } finally {
      node.stop();
    }
    cluster = await startCluster([]);
  });
});
