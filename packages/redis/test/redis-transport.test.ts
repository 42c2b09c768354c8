import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock } from '@corral/actor/testing';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startLocalRedisServer } from '../src/local-redis-server.js';
import { createRedisTransport, isRedisTransportError } from '../src/index.js';
import { collector, connected, disconnected, echo, startRedisNode, type RedisNode } from './support/nodes.js';
import { freePort, startRedisServer, type RedisServer } from './support/redis-server.js';

let redis: RedisServer;
let nodes: RedisNode[] = [];
beforeAll(async () => void (redis = await startRedisServer()));
afterAll(async () => redis?.stop(true));
afterEach(async () => {
  for (const { node } of nodes) node.stop();
  nodes = [];
  if (!redis.running) await redis.restart(); // a restart test that failed half-way
});

/** Starts nodes named `names` on `redis` (namespace `ns`) and waits until each sees every other. */
async function cluster(names: string[], ns = 'corral', nodeTimeoutMs?: number): Promise<RedisNode[]> {
  const started = names.map((name) => startRedisNode(name, { url: redis.url, namespace: ns, ...(nodeTimeoutMs === undefined ? {} : { nodeTimeoutMs }) }));
  nodes.push(...started);
  await Promise.all(started.flatMap((a) => started.filter((b) => b !== a).map((b) => connected(a.node, b.node.name))));
  return started;
}

describe('a Redis transport between two nodes of one process', () => {
  it('delivers messages to a remote name in the order one sender sent them, a burst larger than one Redis message included', async () => {
    const [a, b] = (await cluster(['a@test', 'b@test'])) as [RedisNode, RedisNode];
    const sink = collector(b.node, 'sink', 500);
    const message = (i: number): unknown => ({ i, data: new Uint8Array(400).fill(i & 0xff) });
    a.node.spawn((ctx) => {
      for (let i = 0; i < 500; i++) ctx.send({ name: 'sink', node: 'b@test' }, message(i)); // about 200 KiB in one tick
    });
    expect(await sink.done).toEqual(Array.from({ length: 500 }, (_, i) => message(i)));
  });

  it('brings a pid to the other node and back as the very same object', async () => {
    const [a, b] = (await cluster(['a@test', 'b@test'])) as [RedisNode, RedisNode];
    const echoPid = echo(b.node);
    const reply = await new Promise<{ echo: Pid; by: Pid; self: Pid }>((resolve) => {
      a.node.spawn(async (ctx) => {
        ctx.send({ name: 'echo', node: 'b@test' }, { from: ctx.self, body: ctx.self });
        resolve({ ...((await ctx.receive()) as { echo: Pid; by: Pid }), self: ctx.self });
      });
    });
    expect(reply.echo).toBe(reply.self);
    expect(reply.by.node).toBe('b@test');
    expect(reply.by.toString()).toBe(echoPid.toString());
  });

  it('says goodbye on stop before it quits: the other node sees it down at once, not after the timeout', async () => {
    const [a, b] = (await cluster(['a@test', 'b@test'], 'corral', 60_000)) as [RedisNode, RedisNode];
    const down = disconnected(a.node, 'b@test');
    b.node.stop();
    await down;
    expect(a.node.connectedNodes()).toEqual([]);
  });

  it('isolates two clusters that share one Redis by their namespaces', async () => {
    const [x1, y1] = (await cluster(['x@test', 'y@test'], 'one')) as [RedisNode, RedisNode];
    const [x2, y2] = (await cluster(['x@test', 'y@test'], 'two')) as [RedisNode, RedisNode];
    const one = collector(x1.node, 'sink', 1);
    const two = collector(x2.node, 'sink', 1);
    y1.node.send({ name: 'sink', node: 'x@test' }, 'for one');
    y2.node.send({ name: 'sink', node: 'x@test' }, 'for two');
    expect(await one.done).toEqual(['for one']);
    expect(await two.done).toEqual(['for two']);
    expect(x1.node.connectedNodes()).toEqual(['y@test']);
    expect(x2.node.connectedNodes()).toEqual(['y@test']);
  });
});

describe('a Redis restart', () => {
  it('ends the connection when a message was lost while Redis was down, never losing it silently, then reconnects', async () => {
    const [a, b] = (await cluster(['a@test', 'b@test'], 'corral', 60_000)) as [RedisNode, RedisNode];
    const sink = collector(b.node, 'sink', 1);
    const downs = Promise.all([a.next('down'), b.next('down')]);
    await redis.stop(true);
    await downs;
    expect(a.transport.connected).toBe(false);
    const droppedBefore = a.transport.dropped; // anything the node sent since Redis went down (a heartbeat) was dropped too
    expect(() => a.node.send({ name: 'sink', node: 'b@test' }, 'lost while Redis was down')).not.toThrow();
    expect(a.transport.dropped).toBe(droppedBefore + 1);
    const ups = Promise.all([a.next('up'), b.next('up')]);
    await redis.restart();
    await ups;
    const noticed = Promise.all([disconnected(a.node, 'b@test'), disconnected(b.node, 'a@test')]);
    a.node.send({ name: 'sink', node: 'b@test' }, 'after the gap, on the broken connection');
    await noticed;
    await Promise.all([connected(a.node, 'b@test'), connected(b.node, 'a@test')]);
    a.node.send({ name: 'sink', node: 'b@test' }, 'on the new connection');
    expect(await sink.done).toEqual(['on the new connection']);
    // The sender noticed: its transport reported the drop, so it ended the connection at once.
    expect([a, b].map(({ node }) => node.stats().distribution?.broken)).toEqual([1, 0]);
    expect(a.logger.at('warn').map((e) => e.message)).toEqual([
      expect.stringMatching(/a@test: lost its connection to Redis/),
      // The lost message, and any other packet of the same tick (a service's, under load), in one report.
      expect.stringMatching(/^node a@test: the connection to b@test ended: the transport dropped [1-9]\d* packet\(s\) to it \(unreachable\)$/),
    ]);
  });

  it('tells the node it resumed each time its link comes back after an outage, never at its first connection', async () => {
    const seen: string[] = [];
    let changed = (): void => undefined;
    const record = (what: string): void => {
      seen.push(what);
      changed();
    };
    /** Resolves once `seen` holds `count` entries. */
    const until = (count: number): Promise<void> => new Promise((resolve) => {
      const check = (): void => (seen.length >= count ? resolve() : void (changed = check));
      check();
    });
    const transport = createRedisTransport({
      url: redis.url,
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
      logger: createRecordingLogger(),
      onConnection: (event) => record(event.type),
    });
    await transport.start({ name: 'a@resumed', creation: 1 }, { packet: () => undefined, resumed: () => record('resumed') });
    try {
      expect(seen).toEqual(['up']);
      for (let outage = 1; outage <= 2; outage++) {
        await redis.stop(true);
        await until(1 + 3 * outage - 2);
        await redis.restart();
        await until(1 + 3 * outage);
      }
      expect(seen).toEqual(['up', 'down', 'resumed', 'up', 'down', 'resumed', 'up']);
    } finally {
      await transport.stop();
    }
    expect(seen).toHaveLength(7);
  });

  it('lets nodes see each other down during a long outage and up again when Redis is back', async () => {
    const [a, b] = (await cluster(['a@test', 'b@test'])) as [RedisNode, RedisNode];
    const down = Promise.all([disconnected(a.node, 'b@test'), disconnected(b.node, 'a@test')]);
    await redis.stop(true);
    await down;
    expect(a.node.connectedNodes()).toEqual([]);
    await redis.restart();
    await Promise.all([connected(a.node, 'b@test'), connected(b.node, 'a@test')]);
    const sink = collector(a.node, 'sink', 1);
    b.node.send({ name: 'sink', node: 'a@test' }, 'back');
    expect(await sink.done).toEqual(['back']);
  });
});

describe('connecting to Redis', () => {
  it('authenticates with the password in the url', async () => {
    const secured = await startRedisServer(['--requirepass', 's3cret']);
    try {
      const url = `redis://:s3cret@127.0.0.1:${secured.port}`;
      const a = startRedisNode('a@auth', { url });
      const b = startRedisNode('b@auth', { url });
      nodes.push(a, b);
      await connected(a.node, 'b@auth');
      const sink = collector(b.node, 'sink', 1);
      a.node.send({ name: 'sink', node: 'b@auth' }, 'authenticated');
      expect(await sink.done).toEqual(['authenticated']);
      const wrong = createRedisTransport({ url: `redis://:wrong@127.0.0.1:${secured.port}` });
      const failed = await wrong.start({ name: 'c@auth', creation: 1 }, { packet: () => undefined }).catch((e: unknown) => e);
      expect(isRedisTransportError(failed, 'unreachable')).toBe(true);
    } finally {
      for (const { node } of nodes.splice(0)) node.stop();
      await secured.stop(true);
    }
  });

  it('works as an ACL user limited to the channels of its namespace and the commands it needs (SECURITY.md), and not beyond them', async () => {
    const admin = new Redis(redis.url);
    try {
      await admin.call('ACL', 'SETUSER', 'corral', 'on', '>acl-s3cret', 'resetchannels', '&acl:*', 'resetkeys', '-@all', '+publish', '+subscribe', '+unsubscribe', '+ping', '+info', '+quit');
      const url = `redis://corral:acl-s3cret@127.0.0.1:${redis.port}`;
      const a = startRedisNode('a@acl', { url, namespace: 'acl' });
      const b = startRedisNode('b@acl', { url, namespace: 'acl' });
      nodes.push(a, b);
      await connected(a.node, 'b@acl');
      const sink = collector(b.node, 'sink', 1);
      a.node.send({ name: 'sink', node: 'b@acl' }, 'within the ACL');
      expect(await sink.done).toEqual(['within the ACL']);
      expect(a.transport.stats().dropped).toBe(0);
      const outside = createRedisTransport({ url, namespace: 'other', logger: createRecordingLogger() });
      const failed = await outside.start({ name: 'c@acl', creation: 1 }, { packet: () => undefined }).catch((e: unknown) => e);
      expect(isRedisTransportError(failed, 'unreachable')).toBe(true);
      expect((failed as Error).message).toMatch(/NOPERM/);
    } finally {
      await admin.call('ACL', 'DELUSER', 'corral');
      admin.disconnect();
    }
  });

  it('connects over TLS with a rediss:// url (a self-signed certificate of the test, trusted through the redis options)', async () => {
    const fixture = (file: string) => fileURLToPath(new URL(`./fixtures/${file}`, import.meta.url));
    const port = await freePort();
    const tls = await startLocalRedisServer({
      port,
      args: ['--port', '0', '--tls-port', String(port), '--tls-cert-file', fixture('tls-cert.pem'), '--tls-key-file', fixture('tls-key.pem'), '--tls-ca-cert-file', fixture('tls-cert.pem'), '--tls-auth-clients', 'no', '--requirepass', 'tls-s3cret'],
    });
    try {
      const url = `rediss://:tls-s3cret@127.0.0.1:${port}`;
      const ca = readFileSync(fixture('tls-cert.pem'));
      const a = startRedisNode('a@tls', { url, redis: { tls: { ca } } });
      const b = startRedisNode('b@tls', { url, redis: { tls: { ca } } });
      nodes.push(a, b);
      await connected(a.node, 'b@tls');
      const sink = collector(b.node, 'sink', 1);
      a.node.send({ name: 'sink', node: 'b@tls' }, 'over tls');
      expect(await sink.done).toEqual(['over tls']);
      const plain = createRedisTransport({ url: `redis://:tls-s3cret@127.0.0.1:${port}` });
      const failed = await plain.start({ name: 'c@tls', creation: 1 }, { packet: () => undefined }).catch((e: unknown) => e);
      expect(isRedisTransportError(failed, 'unreachable')).toBe(true);
    } finally {
      for (const { node } of nodes.splice(0)) node.stop();
      await tls.stop(true);
    }
  });

  it('rejects start with unreachable when nothing listens at the url, and stops trying', async () => {
    const transport = createRedisTransport({ url: `redis://127.0.0.1:${await freePort()}` });
    const failed = await transport.start({ name: 'a@nowhere', creation: 1 }, { packet: () => undefined }).catch((e: unknown) => e);
    expect(isRedisTransportError(failed, 'unreachable')).toBe(true);
    expect((failed as Error).message).toMatch(/a@nowhere cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
    expect(transport.connected).toBe(false);
  });

  it('rejects start with unreachable once connectTimeoutMs pass without an answer (a server that accepts and stays silent), and hangs up', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket.resume())); // reads and never answers
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    const clock = createSimulatedClock();
    try {
      const transport = createRedisTransport({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 10_000, clock });
      let outcome: unknown = 'pending';
      const started = transport.start({ name: 'a@silent', creation: 1 }, { packet: () => undefined }).catch((e: unknown) => (outcome = e));
      while (sockets.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      clock.advance(9_999);
      await new Promise((resolve) => setImmediate(resolve));
      expect(outcome).toBe('pending');
      clock.advance(1);
      await started;
      expect(isRedisTransportError(outcome, 'unreachable')).toBe(true);
      expect((outcome as Error).message).toBe(`Redis cannot be reached: node a@silent cannot reach Redis at redis://127.0.0.1:${port}: no answer within 10000 ms (connectTimeoutMs)`);
      await Promise.all(sockets.map((socket) => (socket.closed ? undefined : once(socket, 'close'))));
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('stopped while starting: start resolves without joining, and both connections are closed', async () => {
    const probe = new Redis(redis.url);
    try {
      const clients = async () => (String(await probe.call('CLIENT', 'LIST')).match(/^id=/gm) ?? []).length;
      const before = await clients();
      const transport = createRedisTransport({ url: redis.url });
      const started = transport.start({ name: 'a@early', creation: 1 }, { packet: () => undefined });
      await transport.stop();
      await expect(started).resolves.toBeUndefined();
      expect(transport.connected).toBe(false);
      // The server notices the closed sockets a moment later: ask until it has (bounded by the test timeout).
      while ((await clients()) !== before) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      probe.disconnect();
    }
  });

  it('refuses a namespace that could collide with another and a second start', async () => {
    expect(() => createRedisTransport({ url: redis.url, namespace: 'a:b' })).toThrow(/namespace/);
    expect(() => createRedisTransport({ url: redis.url, namespace: '' })).toThrow(/namespace/);
    const transport = createRedisTransport({ url: redis.url });
    await transport.start({ name: 'a@once', creation: 1 }, { packet: () => undefined });
    await expect(transport.start({ name: 'a@once', creation: 1 }, { packet: () => undefined })).rejects.toThrow(/starts once/);
    await transport.stop();
    expect(transport.connected).toBe(false);
  });
});
