import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ENVELOPE_VERSION, SEAL_BYTES, envelopeHeader, seal } from '../src/envelope.js';
import { EnvelopeMac, channelTag } from '../src/envelope-mac.js';
import { createRedisTransport, isRedisTransportError } from '../src/index.js';
import { largestMessage } from '../src/transport-options.js';
import { collector, connected, startRedisNode, type RedisNode } from './support/nodes.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

const SECRET = 'the cluster secret of this test, 48 bytes long..';
const NO_REJECTS = { mac: 0, replay: 0, oversize: 0, malformed: 0 };

let redis: RedisServer;
let raw: Redis;
const nodes: RedisNode[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
});
afterAll(async () => {
  raw?.disconnect();
  await redis?.stop(true);
});
afterEach(() => {
  for (const { node } of nodes.splice(0)) node.stop();
});

/** Nodes `names` on namespace `ns` with the test's secret (and `extra` options), each seeing every other. */
async function cluster(ns: string, names: string[], extra: { maxPacketBytes?: number; maxMessageBytes?: number } = {}): Promise<RedisNode[]> {
  const started = names.map((name) => startRedisNode(name, { url: redis.url, namespace: ns, secret: SECRET, ...extra }));
  nodes.push(...started);
  await Promise.all(started.flatMap((a) => started.filter((b) => b !== a).map((b) => connected(a.node, b.node.name))));
  return started;
}

/** The next message published on `channel`, caught by a subscriber of the test's own. */
async function capture(channel: string): Promise<{ next: Promise<Buffer>; stop(): void }> {
  const spy = new Redis(redis.url);
  await spy.subscribe(channel);
  const next = new Promise<Buffer>((resolve) => spy.once('messageBuffer', (_c: Buffer, message: Buffer) => resolve(message)));
  return { next, stop: () => spy.disconnect() };
}

/** An envelope from `from` with one packet of `bytes`, signed with `secret` for `channel` (plain without). */
function forged(from: string, bytes: Uint8Array, secret?: string, channel = ''): Buffer {
  const header = envelopeHeader(from, secret === undefined ? ENVELOPE_VERSION.plain : ENVELOPE_VERSION.signed);
  const message = seal(header, secret === undefined ? 0 : SEAL_BYTES, [bytes], bytes.length);
  if (secret !== undefined) new EnvelopeMac(secret).sign(message, header.length, channelTag(channel), Date.now() * 1000 + 1e9);
  return message;
}

describe('a cluster with a secret on a Redis that others can publish to', () => {
  it('refuses unsigned and wrongly signed messages in the name of a member, counting them, while its own traffic flows', async () => {
    const [a, b] = (await cluster('sec1', ['a@test', 'b@test'])) as [RedisNode, RedisNode];
    const packet = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    await raw.publish('sec1:node:b@test', forged('a@test', packet));
    await raw.publish('sec1:node:b@test', forged('a@test', packet, 'not the secret, but 32 bytes....', 'sec1:node:b@test'));
    await raw.publish('sec1:all', forged('a@test', packet, 'not the secret, but 32 bytes....', 'sec1:all'));
    await raw.publish('sec1:node:b@test', Buffer.from([2, 0, 6, 97, 64, 116, 101, 115, 116])); // a seal cut short
    const sink = collector(b.node, 'sink', 1);
    a.node.send({ name: 'sink', node: 'b@test' }, 'still flowing');
    expect(await sink.done).toEqual(['still flowing']);
    expect(b.transport.stats().rejected).toEqual({ ...NO_REJECTS, mac: 3, malformed: 1 });
    expect(a.transport.stats().rejected).toEqual(NO_REJECTS); // a broadcast in a's own name is skipped by a, unread
    expect(b.logger.at('warn').map((e) => e.message)).toEqual([
      'node b@test: refused a Redis message (mac): it is not signed (claims to be from "a@test")',
      'node b@test: refused a Redis message (malformed): the seal is cut short',
    ]);
  });

  it('refuses a legitimate message published again (a replay), and on the channel of another node or of broadcasts', async () => {
    const [a, b, c] = (await cluster('sec2', ['a@test', 'b@test', 'c@test'])) as [RedisNode, RedisNode, RedisNode];
    const spy = await capture('sec2:node:b@test');
    const first = collector(b.node, 'sink', 2);
    a.node.send({ name: 'sink', node: 'b@test' }, 'once');
    const bundle = await spy.next;
    spy.stop();
    await raw.publish('sec2:node:b@test', bundle);
    await raw.publish('sec2:node:c@test', bundle);
    await raw.publish('sec2:all', bundle);
    a.node.send({ name: 'sink', node: 'b@test' }, 'then this');
    expect(await first.done).toEqual(['once', 'then this']);
    const probe = collector(c.node, 'probe', 1);
    b.node.send({ name: 'probe', node: 'c@test' }, 'c still hears b');
    expect(await probe.done).toEqual(['c still hears b']);
    expect(b.transport.stats().rejected).toEqual({ ...NO_REJECTS, replay: 1, mac: 1 });
    expect(c.transport.stats().rejected).toEqual({ ...NO_REJECTS, mac: 2 });
  });

  it('refuses a message larger than maxMessageBytes unread', async () => {
    const [a, b] = (await cluster('sec3', ['a@test', 'b@test'], { maxPacketBytes: 4096, maxMessageBytes: largestMessage(4096) })) as [RedisNode, RedisNode];
    await raw.publish('sec3:node:b@test', Buffer.alloc(largestMessage(4096) + 1, 1));
    const sink = collector(b.node, 'sink', 1);
    a.node.send({ name: 'sink', node: 'b@test' }, 'small');
    expect(await sink.done).toEqual(['small']);
    expect(b.transport.stats().rejected).toEqual({ ...NO_REJECTS, oversize: 1 });
  });

  it('does not join nodes with another secret, or none', async () => {
    const [a] = (await cluster('sec4', ['a@test'])) as [RedisNode];
    const other = startRedisNode('b@test', { url: redis.url, namespace: 'sec4', secret: `${SECRET}, another` });
    const none = startRedisNode('c@test', { url: redis.url, namespace: 'sec4' });
    nodes.push(other, none);
    await Promise.all([other.next('up'), none.next('up')]);
    // Each refuses the others' heartbeats (every 100 ms): wait until a has refused some of both kinds.
    while (a.transport.stats().rejected.mac < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(a.node.connectedNodes()).toEqual([]);
    expect(other.node.connectedNodes()).toEqual([]);
    expect(none.node.connectedNodes()).toEqual([]);
  });
});

describe('a cluster without a secret', () => {
  it('refuses to start on a Redis that is not on this machine unless insecure is set, before connecting', async () => {
    const transport = createRedisTransport({ url: 'redis://redis.invalid:6379' });
    const refused = await transport.start({ name: 'a@test', creation: 1 }, { packet: () => undefined }).catch((e: unknown) => e);
    expect(isRedisTransportError(refused, 'insecure')).toBe(true);
    expect((refused as Error).message).toBe(
      'a Redis that is not on this machine needs a cluster secret: node a@test would join redis://redis.invalid:6379 without a secret: give every node the same `secret` (or `insecure: true` for a Redis only trusted parties can reach)',
    );
    const optedOut = createRedisTransport({ url: 'redis://redis.invalid:6379', insecure: true, connectTimeoutMs: 5000 });
    const failed = await optedOut.start({ name: 'a@test', creation: 1 }, { packet: () => undefined }).catch((e: unknown) => e);
    expect(isRedisTransportError(failed, 'unreachable')).toBe(true);
  });

  it('refuses a secret shorter than 16 bytes and sizes that do not fit together when created', () => {
    expect(() => createRedisTransport({ url: redis.url, secret: 'short' })).toThrow(/at least 16 bytes/);
    expect(() => createRedisTransport({ url: redis.url, maxPacketBytes: 1024, maxMessageBytes: 1024 })).toThrow(/maxMessageBytes must hold/);
    expect(() => createRedisTransport({ url: redis.url, maxOutboxBytes: 0 })).toThrow(/maxOutboxBytes must be a positive whole number/);
  });
});
