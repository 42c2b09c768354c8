import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pid } from '@corral/actor';
import { forkChildNode, type ChildNode } from './support/child-node.js';
import { connected, downReason, startRedisNode, type RedisNode } from './support/nodes.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

const HEARTBEAT_MS = 100;
const NODE_TIMEOUT_MS = 500;
const DETECTION_MS = NODE_TIMEOUT_MS + HEARTBEAT_MS;
/** Room for a busy 2-core machine (the whole suite runs beside these processes): timers and the child's event loop may run late. */
const BUSY_MARGIN_MS = 4000;

let redis: RedisServer;
let parent: RedisNode;
const children: ChildNode[] = [];

function child(name: string): ChildNode {
  const started = forkChildNode({ url: redis.url, name, namespace: 'procs', heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: NODE_TIMEOUT_MS });
  children.push(started);
  return started;
}

beforeAll(async () => {
  redis = await startRedisServer();
  parent = startRedisNode('parent@test', { url: redis.url, namespace: 'procs' });
});

afterAll(async () => {
  parent?.node.stop();
  await Promise.all(children.map((c) => c.kill()));
  await redis?.stop(true);
});

/** Sends `body` to `echo` on node `node` from a process of the parent node and resolves with the reply and the sender. */
function askEcho(node: string, body: unknown): Promise<{ reply: { echo: unknown; by: Pid }; self: Pid }> {
  return new Promise((resolve) => {
    parent.node.spawn(async (ctx) => {
      ctx.send({ name: 'echo', node }, { from: ctx.self, body });
      resolve({ reply: (await ctx.receive()) as { echo: unknown; by: Pid }, self: ctx.self });
    });
  });
}

describe('nodes in separate OS processes over one Redis', () => {
  it('send to a process of another OS process and get its reply, with the sender pid back as the same object', async () => {
    const one = child('one@procs');
    await one.next('up');
    await connected(parent.node, 'one@procs');
    const { reply, self } = await askEcho('one@procs', { hello: [1, 2n, new Map([['k', 'v']])] });
    expect(reply.echo).toEqual({ hello: [1, 2n, new Map([['k', 'v']])] });
    expect(reply.by.node).toBe('one@procs');
    const again = await askEcho('one@procs', self);
    expect(again.reply.echo).toBe(self);
  });

  it('carries messages between two child processes in order, each way', async () => {
    const left = child('left@procs');
    const right = child('right@procs');
    await Promise.all([left.next('up'), right.next('up')]);
    left.tell({ type: 'ping', node: 'right@procs', count: 300 });
    right.tell({ type: 'ping', node: 'left@procs', count: 300 });
    const [fromLeft, fromRight] = await Promise.all([left.next('pong'), right.next('pong')]);
    expect(fromLeft).toEqual({ type: 'pong', replies: 300, inOrder: true, byEcho: true });
    expect(fromRight).toEqual({ type: 'pong', replies: 300, inOrder: true, byEcho: true });
  });

  it('fires a remote monitor with noconnection within heartbeat + node timeout + a margin after the other process is killed with SIGKILL', async () => {
    const victim = child('victim@procs');
    await victim.next('up');
    await connected(parent.node, 'victim@procs');
    const { reply } = await askEcho('victim@procs', 'who are you');
    const down = downReason(parent.node, reply.by);
    // The monitor is set up on the remote node before the kill: an echo round trip after it proves so (one sender, in order).
    await askEcho('victim@procs', 'monitor is there');
    const killedAt = performance.now();
    await victim.kill('SIGKILL');
    expect(await down).toBe('noconnection');
    expect(performance.now() - killedAt).toBeLessThan(DETECTION_MS + BUSY_MARGIN_MS);
    expect(parent.node.connectedNodes()).not.toContain('victim@procs');
  });
});
