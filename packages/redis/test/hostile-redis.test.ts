import { deserialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { body, connectionFrame, controlFrame, envelope, pidTag, withSparse } from './support/attacker.js';
import { expectUnharmed, flows, HEARTBEAT_MS, info, publishMonitor, startPair, until, type HostileChild } from './support/hostile-cluster.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';
import type { NodeInfo } from './fixtures/hostile-node.js';

const SECRET = 'the hostile suite cluster secret, 40 bytes';

let redis: RedisServer;
let attacker: Redis;
const children: HostileChild[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  attacker = new Redis(redis.url);
});

afterAll(async () => {
  attacker?.disconnect();
  await Promise.all(children.map((c) => c.kill()));
  await redis?.stop(true);
});

/** The four crash packets' bodies: an empty sparse array of length 2^24 or 2^32 - 1, as the body, and inside a message to `to`. */
function crashBodies(to: Record<string, unknown>): Buffer[] {
  return [2 ** 24, 2 ** 32 - 1].flatMap((length) => [withSparse('SPARSE', length), withSparse({ type: 'send', to, msg: { nested: ['SPARSE'] } }, length)]);
}

/** The attacks in the name of `from` (a real node) against the victim on `to`, with the header fields an attacker can guess. */
function forgeries(from: NodeInfo & { name: string }, to: NodeInfo & { name: string }) {
  const victim = pidTag(to.name, to.creation, to.victimId);
  const guessed = (seq: number) => ({ creation: from.creation, to: to.creation, conn: 1, echo: 1, seq });
  return {
    crash: crashBodies(victim).flatMap((b) => [controlFrame(from.creation, b), connectionFrame(guessed(1), b)]),
    kill: [1, 2, 3].map((seq) => connectionFrame(guessed(seq), body({ type: 'exit', from: pidTag(from.name, from.creation, 1), to: victim, reason: 'kill', viaLink: false }))),
    send: [1, 2, 3].flatMap((seq) => [
      connectionFrame(guessed(seq), body({ type: 'send', to: victim, msg: 'forged' })),
      connectionFrame(guessed(seq), body({ type: 'sendNamed', name: 'victim', msg: 'forged' })),
    ]),
    heartbeat: controlFrame(12345, body({ type: 'heartbeat', hears: [[to.name, to.creation, 1, 1, 0]] })),
  };
}

/** Both nodes' figures, with their names. */
async function figures(pair: [HostileChild, HostileChild]): Promise<Array<NodeInfo & { name: string }>> {
  return (await Promise.all(pair.map(info))).map((i, n) => ({ ...i, name: (pair[n] as HostileChild).name }));
}

/** Publishes 2,000 heartbeats from 2,000 made-up nodes on the broadcast channel; returns the bytes published. */
async function fakeHeartbeats(ns: string, signed: boolean): Promise<number> {
  const pipeline = attacker.pipeline();
  let bytes = 0;
  for (let i = 0; i < 2000; i++) {
    const message = envelope(`fake${i}@${ns}`, [controlFrame(1 + i, body({ type: 'heartbeat', hears: [] }))], signed);
    bytes += message.length;
    pipeline.publish(`${ns}:all`, message);
  }
  await pipeline.exec();
  return bytes;
}

/**
 * Runs the amplification attack with a monitor on the namespace: the bytes the nodes publish from the
 * first fake heartbeat until 1 s after the last, against the bound the answer limits give (each node
 * answers at most 16 unknown nodes per heartbeat interval, besides its own broadcast, each heartbeat
 * listing at most the 64 pending nodes and its peer).
 */
async function amplification(ns: string, pair: [HostileChild, HostileChild], signed: boolean): Promise<{ sent: number; published: number; bound: number }> {
  const monitor = await publishMonitor(redis.url, ns, pair.map((c) => c.name));
  const startedAt = performance.now();
  const sent = await fakeHeartbeats(ns, signed);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const intervals = Math.ceil((performance.now() - startedAt) / HEARTBEAT_MS) + 2;
  const published = monitor.bytes().nodes;
  monitor.stop();
  const heartbeatBytes = 200 + 66 * 60; // an envelope around 66 entries of at most 60 bytes (names of up to 14 characters)
  return { sent, published, bound: pair.length * intervals * (16 + 2) * heartbeatBytes };
}

describe('a cluster with a secret, attacked by a client that can PUBLISH on its Redis', () => {
  let pair: [HostileChild, HostileChild];
  beforeAll(async () => {
    pair = await startPair(redis.url, 'hs', SECRET);
    children.push(...pair);
  }, 60_000);

  it('drops every forged packet at the MAC, plain or signed with another secret: the crash packets, a kill, a send, a heartbeat of a new creation', async () => {
    const [left, right] = await figures(pair);
    const f = forgeries(left!, right!);
    const packets = [...f.crash, ...f.kill, ...f.send, f.heartbeat];
    for (const packet of packets) {
      await attacker.publish('hs:node:right@hs', envelope('left@hs', [packet]));
      await attacker.publish('hs:node:right@hs', envelope('left@hs', [packet], true));
    }
    await attacker.publish('hs:all', envelope('left@hs', [f.heartbeat], true));
    const seen = await until(pair[1], (i) => i.transportRejected.mac >= right!.transportRejected.mac + 2 * packets.length + 1);
    expect(seen.transportRejected.mac - right!.transportRejected.mac).toBe(2 * packets.length + 1);
    expect(seen.rejected).toEqual(right!.rejected); // nothing reached the decoder
    expect([seen.peerDowns - right!.peerDowns, seen.broken - right!.broken]).toEqual([0, 0]);
    await expectUnharmed('secret, forged packets', pair, [left!, right!]);
  });

  it('answers none of 2,000 heartbeats from made-up nodes', async () => {
    const before = await figures(pair);
    const { sent, published, bound } = await amplification('hs', pair, true);
    const after = await figures(pair);
    console.info(`amplification with a secret: ${sent} bytes in, ${published} bytes published by the nodes meanwhile (bound ${bound})`);
    expect(after.map((a, i) => a.transportRejected.mac - (before[i] as NodeInfo).transportRejected.mac)).toEqual([2000, 2000]);
    expect(after.map((a) => a.pending)).toEqual([0, 0]);
    expect(published).toBeLessThan(bound / 16); // their own heartbeats only: no answers
    await expectUnharmed('secret, amplification', pair, before);
  });

  it('refuses a message above maxMessageBytes unread, and its memory does not grow with it', async () => {
    const before = await figures(pair);
    for (let i = 0; i < 8; i++) await attacker.publish('hs:node:right@hs', Buffer.alloc(1024 * 1024 + 1, i));
    const was = (before[1] as NodeInfo).transportRejected.oversize;
    const seen = await until(pair[1], (i) => i.transportRejected.oversize >= was + 8);
    expect(seen.transportRejected.oversize - was).toBe(8);
    await expectUnharmed('secret, oversize', pair, before);
  });
});

describe('a cluster without a secret on a loopback Redis, attacked by a client that can PUBLISH on it', () => {
  let pair: [HostileChild, HostileChild];
  beforeAll(async () => {
    pair = await startPair(redis.url, 'hp');
    children.push(...pair);
  }, 60_000);

  it('refuses the crash packets in a valid envelope and frame, as the body and inside a message, at once and with flat memory', async () => {
    const [left, right] = await figures(pair);
    const f = forgeries(left!, right!);
    const controls = f.crash.filter((_, i) => i % 2 === 0);
    for (const packet of controls) await attacker.publish('hp:node:right@hp', envelope('left@hp', [packet]));
    for (const packet of controls) await attacker.publish('hp:all', envelope('stranger@hp', [packet]));
    const seen = await until(pair[1], (i) => i.rejected.malformed >= right!.rejected.malformed + 2 * controls.length);
    expect(seen.rejected.malformed - right!.rejected.malformed).toBe(2 * controls.length);
    expect([seen.peerDowns - right!.peerDowns, seen.broken - right!.broken]).toEqual([0, 0]);
    await expectUnharmed('no secret, crash packets', pair, [left!, right!]);
  });

  it('does not apply a kill or a send in the name of the other node with guessed connection ids: they are refused and the nodes stay connected', async () => {
    const [left, right] = await figures(pair);
    const f = forgeries(left!, right!);
    const crashOnConnection = f.crash.filter((_, i) => i % 2 === 1);
    const packets = [...f.kill, ...f.send, ...crashOnConnection];
    for (const packet of packets) await attacker.publish('hp:node:right@hp', envelope('left@hp', [packet]));
    const seen = await until(pair[1], (i) => i.rejected.unknown >= right!.rejected.unknown + packets.length);
    expect(seen.rejected.unknown - right!.rejected.unknown).toBe(packets.length);
    expect([seen.peerDowns - right!.peerDowns, seen.broken - right!.broken]).toEqual([0, 0]);
    await expectUnharmed('no secret, forged kill and send', pair, [left!, right!]);
  });

  it('takes a heartbeat in the name of the other node with a made-up creation as its restart: the nodes part, then connect again', async () => {
    const [left, right] = await figures(pair);
    await attacker.publish('hp:all', envelope('left@hp', [forgeries(left!, right!).heartbeat]));
    const seen = await until(pair[1], (i) => i.peerDowns > right!.peerDowns);
    expect(seen.peerDowns - right!.peerDowns).toBe(1);
    await until(pair[1], (i) => i.connected.length === 1);
    await expectUnharmed('no secret, forged heartbeat', pair, [left!, right!]);
  });

  it('answers 2,000 heartbeats from made-up nodes at a bounded rate, with at most 64 of them pending', async () => {
    const before = await figures(pair);
    const { sent, published, bound } = await amplification('hp', pair, false);
    const after = await figures(pair);
    console.info(`amplification without a secret: ${sent} bytes in, ${published} bytes published by the nodes (ratio ${(published / sent).toFixed(2)}, bound ${bound})`);
    expect(published).toBeLessThan(bound);
    expect(after.map((a) => a.pending).every((p) => p <= 64)).toBe(true);
    expect(after.map((a, i) => a.rejected.full - (before[i] as NodeInfo).rejected.full).every((n) => n >= 2000 - 64)).toBe(true);
    await expectUnharmed('no secret, amplification', pair, before);
  });

  it('applies a send forged by a client that also reads the channels: without a secret, a reader of the heartbeats can speak for a node (SECURITY.md)', async () => {
    const [left, right] = await figures(pair);
    const spy = new Redis(redis.url);
    await spy.subscribe('hp:all');
    const heard = await new Promise<unknown[][]>((resolve) => spy.on('messageBuffer', (_c: Buffer, message: Buffer) => {
      if (message.toString('utf8', 3, 3 + message.readUInt16BE(1)) !== 'left@hp') return;
      const packet = message.subarray(3 + message.readUInt16BE(1) + 4);
      resolve((deserialize(packet.subarray(6)) as { hears: unknown[][] }).hears);
    }));
    spy.disconnect();
    // left's entry for right: right's name and creation, left's connection id, right's as left knows it, packets left sent on it.
    const [, , conn, echo, sent] = heard.find((entry) => entry[0] === 'right@hp') as [string, number, number, number, number];
    const fields = { creation: left!.creation, to: right!.creation, conn, echo, seq: sent + 1 };
    const forged = connectionFrame(fields, body({ type: 'sendNamed', name: 'victim', msg: 'forged by a reader' }));
    await attacker.publish('hp:node:right@hp', envelope('left@hp', [forged]));
    const seen = await until(pair[1], (i) => i.victimGot.length > 0);
    expect(seen.victimGot).toEqual(['forged by a reader']);
    // left's next packet on that connection carries the number the forgery took: right ends the connection (that packet is lost), then they connect again.
    pair[0].tell({ type: 'ping', node: 'right@hp', count: 1 });
    const parted = await until(pair[1], (i) => i.peerDowns > seen.peerDowns && i.connected.length === 1);
    expect([parted.peerDowns - seen.peerDowns, parted.broken - seen.broken, parted.connected]).toEqual([1, 1, ['left@hp']]);
    await flows(pair);
  });
});
