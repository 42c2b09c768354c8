import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPg, type Pg, type Pid } from '@corral/actor';
import { Redis } from 'ioredis';
import { startLocalRedisCluster, type LocalRedisCluster } from '../src/local-redis-cluster.js';
import { collector, connected, disconnected, echo, startRedisNode, type RedisNode } from './support/nodes.js';
import { member, membersBecome } from './support/pg-members.js';

const SECRET = 'the secret of the test cluster on Redis Cluster';

type PgNode = RedisNode & { pg: Pg };

let redis: LocalRedisCluster;
const nodes: PgNode[] = [];
beforeAll(async () => void (redis = await startLocalRedisCluster({ masters: 3 })), 60_000);
afterAll(async () => redis?.stop(true));
afterEach(() => {
  for (const { node } of nodes.splice(0)) node.stop();
});

/** Nodes `names` on the Redis Cluster (sharded pub/sub), each running the pg scope `chat`, that all see each other. */
async function cluster(ns: string, names: string[]): Promise<PgNode[]> {
  const started = names.map((name) => {
    // A long node timeout: the nodes share this process's event loop with the test's own work.
    const redisNode = startRedisNode(name, { url: redis.url, namespace: ns, cluster: true, secret: SECRET, nodeTimeoutMs: 60_000 });
    return { ...redisNode, pg: startPg(redisNode.node, { scope: 'chat' }) };
  });
  nodes.push(...started);
  await Promise.all(started.flatMap((a) => started.filter((b) => b !== a).map((b) => connected(a.node, b.node.name))));
  return started;
}

/** The shard channels of namespace `ns` each master of the cluster serves, by port. */
async function shardChannels(ns: string): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const server of redis.servers) {
    const client = new Redis(server.url);
    try {
      out.set(server.port, ((await client.call('PUBSUB', 'SHARDCHANNELS', `${ns}:*`)) as string[]).sort());
    } finally {
      client.disconnect();
    }
  }
  return out;
}

/** The port of the master that owns the slot of `channel`. */
async function ownerOf(channel: string): Promise<number> {
  const client = new Redis(redis.url);
  try {
    const slot = Number(await client.call('CLUSTER', 'KEYSLOT', channel));
    const ranges = (await client.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, ...unknown[]]][];
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    return range?.[2][1] ?? -1;
  } finally {
    client.disconnect();
  }
}

describe('a Corral cluster on a Redis Cluster (three masters, sharded pub/sub)', () => {
  it('delivers messages in order, a burst larger than one Redis message included, and brings a pid back as the same object', async () => {
    const [a, b] = (await cluster('rc1', ['a@rc', 'b@rc', 'c@rc'])) as [PgNode, PgNode, PgNode];
    const sink = collector(b.node, 'sink', 500);
    a.node.spawn((ctx) => {
      for (let i = 0; i < 500; i++) ctx.send({ name: 'sink', node: 'b@rc' }, { i, data: new Uint8Array(400).fill(i & 0xff) }); // about 200 KiB in one tick
    });
    const got = (await sink.done) as { i: number; data: Uint8Array }[];
    expect(got.map(({ i }) => i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(got.every(({ i, data }) => data.length === 400 && data.every((byte) => byte === (i & 0xff)))).toBe(true);
    echo(b.node);
    const reply = await new Promise<{ echo: Pid; self: Pid }>((resolve) => {
      a.node.spawn(async (ctx) => {
        ctx.send({ name: 'echo', node: 'b@rc' }, { from: ctx.self, body: ctx.self });
        resolve({ ...((await ctx.receive()) as { echo: Pid }), self: ctx.self });
      });
    });
    expect(reply.echo).toBe(reply.self);
  });

  it('subscribes each channel on the one master that owns its slot, not on every shard', async () => {
    await cluster('rc2', ['a@rc', 'b@rc', 'c@rc']);
    const channels = ['rc2:all', 'rc2:node:a@rc', 'rc2:node:b@rc', 'rc2:node:c@rc'];
    const served = await shardChannels('rc2');
    const expected = new Map<number, string[]>(redis.servers.map((s) => [s.port, []]));
    for (const channel of channels) expected.get(await ownerOf(channel))?.push(channel);
    for (const list of expected.values()) list.sort();
    expect(served).toEqual(expected);
  });

  it('keeps pg membership across the three nodes, and drops a node that leaves', async () => {
    const [a, b, c] = (await cluster('rc3', ['a@rc', 'b@rc', 'c@rc'])) as [PgNode, PgNode, PgNode];
    const [a1, b1, c1] = [member(a.node), member(b.node), member(c.node)];
    a.pg.join('room', a1);
    b.pg.join('room', b1);
    c.pg.join('room', c1);
    await Promise.all([a, b, c].map(({ node, pg }) => membersBecome(node, pg, 'room', [a1, b1, c1])));
    const down = Promise.all([disconnected(a.node, 'c@rc'), disconnected(b.node, 'c@rc')]);
    c.node.stop();
    await down;
    await Promise.all([a, b].map(({ node, pg }) => membersBecome(node, pg, 'room', [a1, b1])));
  });
});
