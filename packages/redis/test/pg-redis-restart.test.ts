import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPg, type Pg, type Pid } from '@corral/actor';
import { connected, disconnected, startRedisNode, type RedisNode } from './support/nodes.js';
import { member, memberNames, membersBecome } from './support/pg-members.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

type PgNode = RedisNode & { pg: Pg };

let redis: RedisServer;
let nodes: PgNode[] = [];
beforeAll(async () => void (redis = await startRedisServer()));
afterAll(async () => redis?.stop(true));
afterEach(async () => {
  for (const { node } of nodes) node.stop();
  nodes = [];
  if (!redis.running) await redis.restart(); // a test that failed half-way
});

/** Nodes `names`, each running the pg scope `chat`, that all see each other. */
async function pgCluster(names: string[], nodeTimeoutMs?: number): Promise<PgNode[]> {
  const started = names.map((name) => {
    const redisNode = startRedisNode(name, { url: redis.url, namespace: 'pg', ...(nodeTimeoutMs === undefined ? {} : { nodeTimeoutMs }) });
    return { ...redisNode, pg: startPg(redisNode.node, { scope: 'chat' }) };
  });
  nodes.push(...started);
  await everyPair(started, (a, b) => connected(a.node, b.node.name));
  return started;
}

/** Runs `wait` for each ordered pair of distinct nodes, together. */
function everyPair(of: readonly PgNode[], wait: (a: PgNode, b: PgNode) => Promise<void>): Promise<void> {
  return Promise.all(of.flatMap((a) => of.filter((b) => b !== a).map((b) => wait(a, b)))).then(() => undefined);
}

/** Resolves when every node lists exactly `pids` in group `room`. */
function everywhere(pids: readonly Pid[]): Promise<void> {
  return Promise.all(nodes.map(({ node, pg }) => membersBecome(node, pg, 'room', pids))).then(() => undefined);
}

/** Stops Redis (as a crash) and waits until every node's transport has lost it. */
async function stopRedis(): Promise<void> {
  const downs = Promise.all(nodes.map((n) => n.next('down')));
  await redis.stop(true);
  await downs;
}

describe('pg membership over Redis when Redis restarts', () => {
  it('heals after an outage shorter than the node timeout: connections that lost packets end (never silently), the nodes reconnect, and joins, leaves and exits made while Redis was down are seen everywhere', async () => {
    const [a, b, c] = (await pgCluster(['a@pg', 'b@pg', 'c@pg'], 60_000)) as [PgNode, PgNode, PgNode];
    const [a1, b1, c1] = [member(a.node), member(b.node), member(c.node)];
    a.pg.join('room', a1);
    b.pg.join('room', b1);
    c.pg.join('room', c1);
    await everywhere([a1, b1, c1]);
    let lost = false;
    void everyPair(nodes, (x, y) => disconnected(x.node, y.node.name).then(() => void (lost = true)));

    await stopRedis();
    const a2 = member(a.node);
    const droppedBefore = a.transport.dropped;
    a.pg.join('room', a2);
    b.pg.leave('room', b1);
    c.node.exit(c1, 'kill');
    expect(a.transport.dropped).toBeGreaterThan(droppedBefore); // the join's broadcast is lost with Redis
    expect(memberNames(b.pg, 'room')).toEqual([a1, c1].map(String).sort());

    const ups = Promise.all(nodes.map((n) => n.next('up')));
    await redis.restart();
    await ups;
    await everyPair(nodes, (x, y) => connected(x.node, y.node.name));
    await everywhere([a1, a2]);
    expect(lost).toBe(true);
    const broken = nodes.reduce((sum, { node }) => sum + (node.stats().distribution?.broken ?? 0), 0);
    expect(broken).toBeGreaterThan(0); // counted by the side that noticed the loss; the other saw the connection end
    for (const { node } of nodes) expect(node.connectedNodes()).toHaveLength(2);
  });

  it('heals after an outage longer than the node timeout: nodes see each other down, dropping their members, then up again and resync', async () => {
    const [a, b, c] = (await pgCluster(['a@pg', 'b@pg', 'c@pg'])) as [PgNode, PgNode, PgNode];
    const [a1, b1, c1] = [member(a.node), member(b.node), member(c.node)];
    a.pg.join('room', a1);
    b.pg.join('room', b1);
    c.pg.join('room', c1);
    await everywhere([a1, b1, c1]);

    const down = everyPair(nodes, (x, y) => disconnected(x.node, y.node.name));
    await stopRedis();
    await down;
    await Promise.all([membersBecome(a.node, a.pg, 'room', [a1]), membersBecome(b.node, b.pg, 'room', [b1]), membersBecome(c.node, c.pg, 'room', [c1])]);
    const a2 = member(a.node);
    a.pg.join('room', a2);
    b.pg.leave('room', b1);
    c.node.exit(c1, 'kill');

    await redis.restart();
    await everyPair(nodes, (x, y) => connected(x.node, y.node.name));
    await everywhere([a1, a2]);
  });
});
