// pg across nodes: remote members, one publish packet per node, leaves on exit and nodedown, resync after restarts and partitions.
import { afterEach, describe, expect, it } from 'vitest';
import { isPgEvent, startPg, type Node, type Pg, type PgEvent, type Pid } from '../../src/index.js';
import { HEARTBEAT_MS, NODE_TIMEOUT_MS, startCluster, type Cluster } from '../distribution/cluster.js';
import { spawnRecorder, type Recorder } from './recorder.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

const DETECTION_MS = NODE_TIMEOUT_MS + HEARTBEAT_MS;
const ids = (pids: readonly Pid[]) => pids.map(String).sort();

async function threeNodes(): Promise<{ nodes: [Node, Node, Node]; pgs: [Pg, Pg, Pg] }> {
  cluster = await startCluster(['a@test', 'b@test', 'c@test']);
  const nodes = cluster.nodes as [Node, Node, Node];
  const pgs = nodes.map((node) => startPg(node)) as [Pg, Pg, Pg];
  await cluster.settle();
  return { nodes, pgs };
}

/** A process on `node` subscribed to `group` of `pg`, recording the events as `join a@test` lines. */
function watcher(node: Node, pg: Pg, group: string): Recorder {
  const got: unknown[] = [];
  const pid = node.spawn(async (ctx) => {
    const { ref } = pg.monitor(group, ctx.self);
    for (;;) {
      const event: PgEvent = await ctx.receive((m) => isPgEvent(m, ref));
      got.push(`${event.type} ${event.pids.map((p) => p.node).join(',')}`);
    }
  });
  return { pid, got };
}

describe('pg in a cluster', () => {
  it('lists remote members after a join on another node, and local members apart', async () => {
    const { nodes: [a, b], pgs: [pgA, pgB, pgC] } = await threeNodes();
    const onA = spawnRecorder(a);
    const onB = spawnRecorder(b);
    pgA.join('room', [onA.pid, onA.pid]);
    pgB.join('room', onB.pid);
    await cluster.settle();
    const all = ids([onA.pid, onA.pid, onB.pid]);
    for (const pg of [pgA, pgB, pgC]) expect(ids(pg.members('room'))).toEqual(all);
    expect(pgA.localMembers('room')).toEqual([onA.pid, onA.pid]);
    expect(pgC.localMembers('room')).toEqual([]);
    expect(pgC.whichGroups()).toEqual(['room']);
    expect(pgC.whichLocalGroups()).toEqual([]);
  });

  it('learns the members a scope had before another node started its scope (a sync on scope start)', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const pgA = startPg(a);
    const member = spawnRecorder(a);
    pgA.join('room', member.pid);
    await cluster.settle();
    const pgB = startPg(b);
    await cluster.settle();
    expect(ids(pgB.members('room'))).toEqual(ids([member.pid]));
  });

  it('publishes to every member in the cluster with one transport packet per node that has members', async () => {
    const { nodes: [a, b, c], pgs: [pgA, pgB, pgC] } = await threeNodes();
    const onA = spawnRecorder(a);
    const onB = [spawnRecorder(b), spawnRecorder(b), spawnRecorder(b)];
    const onC = [spawnRecorder(c), spawnRecorder(c)];
    pgA.join('room', onA.pid);
    pgB.join('room', onB.map((r) => r.pid));
    pgC.join('room', onC.map((r) => r.pid));
    await cluster.settle();
    const before = cluster.hub.sent;
    expect(pgA.publish('room', 'hello')).toBe(6);
    await cluster.settle();
    expect(cluster.hub.sent - before).toBe(2);
    for (const r of [onA, ...onB, ...onC]) expect(r.got).toEqual(['hello']);
  });

  it('sends no packet to a node without members, and skips except on its home node', async () => {
    const { nodes: [a, b], pgs: [pgA, pgB] } = await threeNodes();
    const onA = spawnRecorder(a);
    const onB = [spawnRecorder(b), spawnRecorder(b)];
    pgA.join('room', onA.pid);
    pgB.join('room', onB.map((r) => r.pid));
    await cluster.settle();
    const except = pgA.members('room').find((pid) => String(pid) === String(onB[0]!.pid));
    const before = cluster.hub.sent;
    expect(pgA.publish('room', 'not for b0', { except })).toBe(2);
    await cluster.settle();
    expect(cluster.hub.sent - before).toBe(1);
    expect(onB[0]!.got).toEqual([]);
    expect(onB[1]!.got).toEqual(['not for b0']);
    expect(onA.got).toEqual(['not for b0']);
  });

  it('publishing to a group nobody joined reaches nobody and sends no packet', async () => {
    const { nodes: [, b], pgs: [pgA, pgB] } = await threeNodes();
    const onB = spawnRecorder(b);
    pgB.join('elsewhere', onB.pid);
    await cluster.settle();
    const before = cluster.hub.sent;
    expect(pgA.publish('nobody', 'hello')).toBe(0);
    expect(pgA.publish('nobody', 'hello', { except: onB.pid })).toBe(0);
    await cluster.settle();
    expect(cluster.hub.sent - before).toBe(0);
    expect(onB.got).toEqual([]);
  });

  it('publishing to a group with members on this node only sends no packet', async () => {
    const { nodes: [a], pgs: [pgA] } = await threeNodes();
    const onA = [spawnRecorder(a), spawnRecorder(a)];
    pgA.join('room', [onA[0]!.pid, onA[1]!.pid, onA[1]!.pid]);
    await cluster.settle();
    const before = cluster.hub.sent;
    expect(pgA.publish('room', 'hello')).toBe(2);
    await cluster.settle();
    expect(cluster.hub.sent - before).toBe(0);
    expect(onA.map((r) => r.got)).toEqual([['hello'], ['hello']]);
  });

  it('publishes to the members on this node only with local: true, sending no packet', async () => {
    const { nodes: [a, b], pgs: [pgA, pgB] } = await threeNodes();
    const onA = [spawnRecorder(a), spawnRecorder(a)];
    const onB = spawnRecorder(b);
    pgA.join('room', [onA[0]!.pid, onA[0]!.pid, onA[1]!.pid]);
    pgB.join('room', onB.pid);
    await cluster.settle();
    const before = cluster.hub.sent;
    expect(pgA.publish('room', 'here only', { local: true, except: onA[1]!.pid })).toBe(1);
    await cluster.settle();
    expect(cluster.hub.sent - before).toBe(0);
    expect(onA[0]!.got).toEqual(['here only']);
    expect(onA[1]!.got).toEqual([]);
    expect(onB.got).toEqual([]);
    expect(() => pgA.publish('room', 'x', { local: 'yes' as unknown as boolean })).toThrow(expect.objectContaining({ code: 'badOption' }));
  });

  it('propagates leave and exit to the other nodes, and their subscribers see them', async () => {
    const { nodes: [a, b], pgs: [pgA, pgB] } = await threeNodes();
    const events = watcher(a, pgA, 'room');
    const [m1, m2] = [spawnRecorder(b), spawnRecorder(b)];
    pgB.join('room', [m1.pid, m2.pid]);
    await cluster.settle();
    pgB.leave('room', m1.pid);
    await cluster.settle();
    expect(ids(pgA.members('room'))).toEqual(ids([m2.pid]));
    b.exit(m2.pid, 'kill');
    await cluster.settle();
    expect(pgA.members('room')).toEqual([]);
    expect(pgA.whichGroups()).toEqual([]);
    expect(events.got).toEqual(['join b@test,b@test', 'leave b@test', 'leave b@test']);
  });

  it('drops the members of a node that goes down, and subscribers see them leave', async () => {
    const { nodes: [a, b, c], pgs: [pgA, pgB, pgC] } = await threeNodes();
    const events = watcher(a, pgA, 'room');
    pgB.join('room', spawnRecorder(b).pid);
    const onC = spawnRecorder(c);
    pgC.join('room', onC.pid);
    await cluster.settle();
    cluster.hub.kill('b@test');
    await cluster.advance(DETECTION_MS);
    expect(ids(pgA.members('room'))).toEqual(ids([onC.pid]));
    expect(events.got).toEqual(['join b@test', 'join c@test', 'leave b@test']);
    const before = cluster.hub.sent;
    pgA.publish('room', 'after');
    await cluster.settle();
    expect(cluster.hub.sent - before).toBe(1);
    expect(onC.got).toEqual(['after']);
  });

  it('drops the members of a scope that stops on another node', async () => {
    const { nodes: [, b], pgs: [pgA, pgB] } = await threeNodes();
    pgB.join('room', spawnRecorder(b).pid);
    await cluster.settle();
    expect(pgA.members('room')).toHaveLength(1);
    pgB.stop();
    await cluster.settle();
    expect(pgA.members('room')).toEqual([]);
  });

  it('resyncs with a restarted node (a new creation): the old members go, the new ones come', async () => {
    const { nodes: [a, b], pgs: [pgA, pgB] } = await threeNodes();
    const events = watcher(a, pgA, 'room');
    pgB.join('room', spawnRecorder(b).pid);
    await cluster.settle();
    cluster.hub.kill('b@test');
    const b2 = await cluster.add('b@test', 2);
    const pgB2 = startPg(b2);
    const fresh = spawnRecorder(b2);
    pgB2.join('room', fresh.pid);
    await cluster.settle();
    expect(ids(pgA.members('room'))).toEqual(ids([fresh.pid]));
    expect(ids(pgB2.members('room'))).toEqual(ids([fresh.pid]));
    expect(events.got).toEqual(['join b@test', 'leave b@test', 'join b@test']);
    pgA.publish('room', 'welcome back');
    await cluster.settle();
    expect(fresh.got).toEqual(['welcome back']);
  });

  it('heals a partition with a full resync of what changed on each side', async () => {
    const { nodes: [a, b], pgs: [pgA, pgB, pgC] } = await threeNodes();
    const early = spawnRecorder(b);
    pgB.join('room', early.pid);
    await cluster.settle();
    cluster.hub.partition('a@test', 'b@test');
    await cluster.advance(DETECTION_MS);
    expect(pgA.members('room')).toEqual([]);
    const late = spawnRecorder(b);
    pgB.join('room', late.pid);
    pgB.leave('room', early.pid);
    const onA = spawnRecorder(a);
    pgA.join('lobby', onA.pid);
    await cluster.settle();
    expect(pgA.members('room')).toEqual([]);
    expect(ids(pgC.members('room'))).toEqual(ids([late.pid]));
    cluster.hub.heal();
    await cluster.advance(2 * HEARTBEAT_MS);
    expect(ids(pgA.members('room'))).toEqual(ids([late.pid]));
    expect(ids(pgB.members('lobby'))).toEqual(ids([onA.pid]));
  });

  it('ends the connections that lost packets in a transport outage, then reconnects and resyncs every group', async () => {
    const { nodes: [a, b, c], pgs: [pgA, pgB, pgC] } = await threeNodes();
    const stays = spawnRecorder(b);
    const goes = spawnRecorder(b);
    pgB.join('room', [stays.pid, goes.pid]);
    await cluster.settle();
    const events = watcher(a, pgA, 'room');
    const downs = spawnRecorder(a);
    a.spawn(async (ctx) => {
      ctx.monitorNode('b@test');
      ctx.monitorNode('c@test');
      for (;;) ctx.send(downs.pid, await ctx.receive());
    });
    await cluster.settle();
    cluster.hub.disconnect('b@test');
    const arrives = spawnRecorder(b);
    pgB.join('room', arrives.pid);
    pgB.leave('room', goes.pid);
    const onC = spawnRecorder(c);
    pgC.join('lobby', onC.pid);
    await cluster.advance(HEARTBEAT_MS);
    expect(ids(pgA.members('room'))).toEqual(ids([stays.pid, goes.pid]));
    expect(pgB.members('lobby')).toEqual([]);
    cluster.hub.reconnect('b@test');
    await cluster.advance(3 * HEARTBEAT_MS);
    for (const pg of [pgA, pgB, pgC]) expect(ids(pg.members('room'))).toEqual(ids([stays.pid, arrives.pid]));
    expect(ids(pgB.members('lobby'))).toEqual(ids([onC.pid]));
    expect(events.got).toEqual(['leave b@test', 'leave b@test', 'join b@test,b@test']);
    expect(downs.got).toEqual([{ type: 'NODE_DOWN', node: 'b@test', reason: 'noconnection' }, { type: 'NODE_UP', node: 'b@test' }]);
    expect(a.stats().distribution?.broken).toBe(1);
    expect(a.connectedNodes().sort()).toEqual(['b@test', 'c@test']);
  });
});
