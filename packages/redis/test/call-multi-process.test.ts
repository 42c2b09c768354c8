// GenServer.call between OS processes over a real Redis: by remote pid, by { name, node }, by global name, and noconnection on SIGKILL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenServer, isCorralError, type Pid } from '@corral/actor';
import type { KvCall } from './fixtures/call-node.js';
import { forkChildNode, type ChildNode } from './support/child-node.js';
import { connected, startRedisNode, type RedisNode } from './support/nodes.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

const HEARTBEAT_MS = 100;
const NODE_TIMEOUT_MS = 500;
const DETECTION_MS = NODE_TIMEOUT_MS + HEARTBEAT_MS;
const fixture = new URL('./fixtures/call-node.ts', import.meta.url);

let redis: RedisServer;
let parent: RedisNode;
const children: ChildNode[] = [];

/** A child OS process serving `kv` (and the global `kv-<name>`), connected to the parent node. */
async function server(name: string): Promise<ChildNode> {
  const started = forkChildNode({ url: redis.url, name, namespace: 'calls', heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: NODE_TIMEOUT_MS, fixture });
  children.push(started);
  await started.next('up');
  await connected(parent.node, name);
  return started;
}

const kvOn = (node: string) => ({ name: 'kv', node, via: parent.node });
const call = (dest: Parameters<typeof GenServer.call<KvCall, unknown>>[0], req: KvCall, timeout?: number) => GenServer.call<KvCall, unknown>(dest, req, timeout);

beforeAll(async () => {
  redis = await startRedisServer();
  parent = startRedisNode('parent@calls', { url: redis.url, namespace: 'calls' });
});

afterAll(async () => {
  parent?.node.stop();
  await Promise.all(children.map((c) => c.kill()));
  await redis?.stop(true);
});

describe('GenServer.call to a server in another OS process', () => {
  it('calls by { name, node }, then by the pid it answered, then by its global name', async () => {
    await server('one@calls');
    expect(await call(kvOn('one@calls'), { type: 'put', key: 'lang', value: 'erlang' })).toBe('ok');
    const pid = (await call(kvOn('one@calls'), { type: 'self' })) as Pid;
    expect(pid.node).toBe('one@calls');
    expect(await call(pid, { type: 'get', key: 'lang' })).toBe('erlang');
    // The global name came with the node-up sync, before any reply of that node (one channel, in order).
    expect(parent.node.whereisGlobal('kv-one@calls')).toBe(pid);
    expect(await call({ global: 'kv-one@calls', via: parent.node }, { type: 'get', key: 'lang' })).toBe('erlang');
  });

  it('rejects with noproc for a name nobody holds on that node', async () => {
    await server('two@calls');
    const error = await call({ name: 'nobody', node: 'two@calls', via: parent.node }, { type: 'self' }).catch((e: unknown) => e);
    expect(isCorralError(error, 'noproc')).toBe(true);
  });

  it('rejects a pending call with noconnection within the detection time when the server node is killed with SIGKILL', async () => {
    const victim = await server('victim@calls');
    const pid = (await call(kvOn('victim@calls'), { type: 'self' })) as Pid;
    const pending = call(pid, { type: 'hold' }, Infinity).catch((e: unknown) => e);
    // The call is on the server before the kill: a call after it, on the same channel, has been answered.
    expect(await call(pid, { type: 'get', key: 'none' })).toBe(undefined);
    const killedAt = performance.now();
    await victim.kill('SIGKILL');
    const error = await pending;
    expect(isCorralError(error, 'noconnection') && error.reason).toBe('noconnection');
    expect(performance.now() - killedAt).toBeLessThan(DETECTION_MS + 400);
  });
});
