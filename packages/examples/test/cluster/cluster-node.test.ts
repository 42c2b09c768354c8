// Three chat nodes as separate OS processes over a real redis-server, and browsers' WebSockets on different nodes: one room, one list, one copy of each message, a killed node's members gone.
import { freePort, startLocalRedisServer, type LocalRedisServer } from '@corral/redis/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEnv } from '../../src/cluster/cluster-config.js';
import { forkNode, type NodeProcess } from '../../src/cluster/node-process.js';
import { nicknamesOf } from '../support/chat-harness.js';
import { untilListed } from '../support/member-list.js';
import { TestClient, type Event } from '../support/test-client.js';
import { TYPESCRIPT_EXEC_ARGV } from '../support/typescript-children.js';

const HEARTBEAT_MS = 100;
const NODE_TIMEOUT_MS = 500;
const DETECTION_MS = HEARTBEAT_MS + NODE_TIMEOUT_MS;
/** Room for a busy 2-core machine (the whole suite runs beside these processes): timers and the nodes' event loops may run late. */
const BUSY_MARGIN_MS = 4000;
/** How long a list may take to settle: the nodes may still be finding each other when the first clients join. */
const SETTLE_MS = 10_000;
const NAMES = ['a@test', 'b@test', 'c@test'] as const;

let redis: LocalRedisServer;
/** Every node started, the shared ones and those a test started for itself. */
const nodes: NodeProcess[] = [];
/** The port of each node's chat, by node name. */
const ports = new Map<string, number>();
const clients: TestClient[] = [];

/** Starts the chat node `name` in its own OS process, on the cluster's Redis, and waits until it listens. */
async function startNode(name: string): Promise<NodeProcess> {
  const env = nodeEnv({ name, port: 0, host: '127.0.0.1', redisUrl: redis.url, namespace: 'examples-test', heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: NODE_TIMEOUT_MS, secret: 'the secret of the test cluster..' });
  const node = forkNode({ name, env, execArgv: TYPESCRIPT_EXEC_ARGV });
  nodes.push(node);
  ports.set(name, Number(new URL((await node.ready).url).port));
  return node;
}

// The three shared nodes live as long as the file: a test that kills a node starts its own.
beforeAll(async () => {
  redis = await startLocalRedisServer();
  await Promise.all(NAMES.map(startNode));
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.socket.terminate();
  await Promise.all(nodes.map((n) => n.stop(2000)));
  await redis?.stop(true);
});

/** A client on the node named `node` that joins `room` as `nickname`; resolves once its room listed it. */
async function join(node: string, room: string, nickname: string): Promise<TestClient> {
  const client = await TestClient.open(`ws://127.0.0.1:${ports.get(node)}/ws/chat/${room}`);
  clients.push(client);
  await client.next('welcome');
  client.send({ type: 'join', nickname });
  await client.next('members', (e) => nicknamesOf(e).includes(nickname), SETTLE_MS);
  return client;
}

/** The member list `client`'s page holds once it names exactly `nicknames` (the list it got, then each change announced). */
async function listing(client: TestClient, nicknames: string[], timeoutMs = SETTLE_MS): Promise<Event> {
  return { type: 'members', members: await untilListed(client, nicknames, timeoutMs) };
}

const on = (nickname: string, node: string) => ({ nickname, node });
const count = (client: TestClient, type: string, match: (e: Event) => boolean): number => client.seen.filter((e) => e.type === type && match(e)).length;

describe('three chat nodes in separate OS processes over one Redis', () => {
  it('lets users on different nodes share one room, each seeing one member list naming every member and its node', async () => {
    const users = [await join('a@test', 'lobby', 'alice'), await join('b@test', 'lobby', 'bob'), await join('c@test', 'lobby', 'carol')];
    for (const user of users) {
      expect(await listing(user, ['alice', 'bob', 'carol'])).toEqual({ type: 'members', members: [on('alice', 'a@test'), on('bob', 'b@test'), on('carol', 'c@test')] });
    }
    for (const [user, nickname] of [[users[0]!, 'alice'], [users[1]!, 'bob'], [users[2]!, 'carol']] as const) {
      const joins = user.seen.filter((e) => e.type === 'joined').map((e) => e['nickname']);
      expect(joins).toContain(nickname);
      expect(new Set(joins).size).toBe(joins.length); // no arrival announced twice
    }
  });

  it('delivers what a user on one node says to users on the other nodes exactly once', async () => {
    const users = [await join('a@test', 'talk', 'dan'), await join('b@test', 'talk', 'eve'), await join('c@test', 'talk', 'fay')];
    for (const user of users) await listing(user, ['dan', 'eve', 'fay']);
    users[0]!.send({ type: 'say', text: 'hello from a' });
    users[0]!.send({ type: 'say', text: 'over' }); // a fence: what one process publishes arrives in order
    users[2]!.send({ type: 'say', text: 'hello from c' });
    users[2]!.send({ type: 'say', text: 'over and out' });
    for (const user of users) {
      expect(await user.next('said', (e) => e['text'] === 'over')).toEqual({ type: 'said', nickname: 'dan', text: 'over' });
      await user.next('said', (e) => e['text'] === 'over and out');
      expect(count(user, 'said', (e) => e['text'] === 'hello from a')).toBe(1);
      expect(count(user, 'said', (e) => e['text'] === 'hello from c')).toBe(1);
    }
  });

  it('drops the members of a node killed with SIGKILL from the lists on the other nodes within heartbeat + node timeout + a margin', async () => {
    const victim = await startNode('d@test');
    const users = [await join('a@test', 'crash', 'gus'), await join('b@test', 'crash', 'hal'), await join('d@test', 'crash', 'ivy')];
    for (const user of users) await listing(user, ['gus', 'hal', 'ivy']);
    const killedAt = performance.now();
    victim.child.kill('SIGKILL');
    for (const user of users.slice(0, 2)) {
      expect(await user.next('left', (e) => e['nickname'] === 'ivy', DETECTION_MS + BUSY_MARGIN_MS)).toEqual({ type: 'left', nickname: 'ivy', node: 'd@test' });
      expect(await listing(user, ['gus', 'hal'], BUSY_MARGIN_MS)).toEqual({ type: 'members', members: [on('gus', 'a@test'), on('hal', 'b@test')] });
    }
    expect(performance.now() - killedAt).toBeLessThan(DETECTION_MS + BUSY_MARGIN_MS);
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });
});

describe('a chat node whose Redis cannot be reached', () => {
  it('says so and exits with code 1 rather than serving a cluster of one', async () => {
    const name = 'lonely@test';
    const env = nodeEnv({ name, port: 0, host: '127.0.0.1', redisUrl: `redis://127.0.0.1:${await freePort()}`, namespace: 'examples-test', heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: NODE_TIMEOUT_MS });
    const lonely = forkNode({ name, env, execArgv: TYPESCRIPT_EXEC_ARGV });
    await expect(lonely.ready).rejects.toThrow(/lonely@test exited \(code 1\) before it was ready/);
  });
});
