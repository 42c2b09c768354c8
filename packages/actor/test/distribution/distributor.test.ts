// The distributor's guards: what a node refuses from its peers, how a transport's loss ends a connection, and when a node is ready.
import { afterEach, describe, expect, it } from 'vitest';
import { createNode, isDownMessage, type Node, type Pid, type Transport, type TransportEvents } from '../../src/index.js';
import { createMemoryHub, createRecordingLogger, createSimulatedClock, runUntilIdle } from '../../src/testing.js';
import type { Distributor } from '../../src/distribution/distributor.js';
import { encodePacket, frame, type ConnectionPacket, type Packet } from '../../src/distribution/wire.js';
import { HEARTBEAT_MS, startCluster, type Cluster } from './cluster.js';

let cluster: Cluster | undefined;
afterEach(() => cluster?.stop());

const distributorOf = (node: Node) => node.runtime.distribution as Distributor;

/** Sends `packet` from `from` to `to` on their connection, numbered as `from`'s next packet: what a member node that misbehaves could send. */
function sendAsMember(from: Node, to: Node, packet: ConnectionPacket): void {
  const conn = distributorOf(from).peers.connectionTo(to.name);
  if (conn === null) throw new Error(`${from.name} is not connected to ${to.name}`);
  const body = encodePacket(packet, from.runtime.codec);
  if (!body.ok) throw new Error(body.error);
  const header = { kind: 'connection', creation: from.runtime.creation, to: to.runtime.creation, conn: conn.out, echo: conn.theirs, seq: conn.next() } as const;
  (cluster as Cluster).hub.inject(from.name, to.name, frame(header, body.bytes));
}

/** A control frame from a node that does not exist (`name`, creation 9). */
function controlFrom(node: Node, packet: Packet): Uint8Array {
  const body = encodePacket(packet, node.runtime.codec);
  if (!body.ok) throw new Error(body.error);
  return frame({ kind: 'control', creation: 9 }, body.bytes);
}

function sleeper(node: Node): Pid {
  return node.spawn(async (ctx) => void (await ctx.receive()));
}

describe('a node speaks only for itself', () => {
  it('refuses an exit signal, a link and a DOWN that name a sender of a third node, and a target not of the receiver', async () => {
    cluster = await startCluster(['a@test', 'b@test', 'c@test']);
    const [a, b, c] = cluster.nodes as [Node, Node, Node];
    const local = sleeper(b);
    const onB = await cluster.share(local, a);
    const onC = await cluster.share(sleeper(c), a);
    const onA = sleeper(a);
    sendAsMember(a, b, { type: 'exit', from: onC, to: onB, reason: 'kill', viaLink: false });
    sendAsMember(a, b, { type: 'link', from: onC, to: onB });
    sendAsMember(a, b, { type: 'send', to: onC, msg: 'relay me' });
    sendAsMember(a, b, { type: 'down', to: onB, ref: a.makeRef(), from: onC, reason: 'boom' });
    await cluster.settle();
    expect(b.isAlive(local)).toBe(true);
    expect(b.stats().distribution?.rejected).toEqual({ malformed: 0, forged: 4, unknown: 0, full: 0 });
    expect(cluster.logger.at('warn').map((e) => e.message)).toEqual([
      `node b@test: dropped a packet from a@test (forged): exit names a sender ${String(onC)} that is not of the sending node`,
    ]);
    sendAsMember(a, b, { type: 'exit', from: onA, to: onB, reason: 'kill', viaLink: false });
    await cluster.settle();
    expect(b.isAlive(local)).toBe(false);
    expect(b.connectedNodes().sort()).toEqual(['a@test', 'c@test']);
  });
});

describe('a transport that drops packets', () => {
  it('ends the connection to the node it dropped packets for at once: links and monitors across it fire noconnection on both sides', async () => {
    const hub = createMemoryHub();
    const clock = createSimulatedClock();
    const logger = createRecordingLogger();
    let events: TransportEvents | undefined;
    const inner = hub.transport();
    const reporting: Transport = { ...inner, start: (self, e) => ((events = e), inner.start(self, e)) };
    const opts = { clock, logger, heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: 4 * HEARTBEAT_MS, creation: 1 };
    const a = createNode({ name: 'a@test', transport: reporting, ...opts });
    const b = createNode({ name: 'b@test', transport: hub.transport(), ...opts });
    try {
      await runUntilIdle([a, b]);
      const onB = b.spawn(async (ctx) => void (await ctx.receive()));
      const downs: unknown[] = [];
      a.spawn(async (ctx) => {
        ctx.monitor((await ctx.receive()) as Pid);
        downs.push(await ctx.receive(isDownMessage));
      }, { name: 'watcher' });
      b.send({ name: 'watcher', node: 'a@test' }, onB);
      await runUntilIdle([a, b]);
      expect(downs).toEqual([]);
      events?.dropped?.('b@test', 3, 'overflow');
      await runUntilIdle([a, b]);
      expect(downs).toEqual([expect.objectContaining({ type: 'DOWN', reason: 'noconnection' })]);
      expect(a.stats().distribution?.broken).toBe(1);
      expect(b.connectedNodes()).toEqual([]);
      expect(logger.at('warn').map((e) => e.message)).toContain('node a@test: the connection to b@test ended: the transport dropped 3 packet(s) to it (overflow)');
      clock.advance(HEARTBEAT_MS);
      await runUntilIdle([a, b]);
      expect([a.connectedNodes(), b.connectedNodes()]).toEqual([['b@test'], ['a@test']]);
    } finally {
      a.stop();
      b.stop();
    }
  });
});

describe('heartbeats from nodes that are not up', () => {
  it('answers at most 16 new nodes per heartbeat interval and keeps at most 64 pending, counting the rest', async () => {
    cluster = await startCluster(['a@test']);
    const [a] = cluster.nodes as [Node];
    const sentBefore = cluster.hub.sent;
    for (let i = 0; i < 200; i++) cluster.hub.inject(`ghost-${i}@test`, 'a@test', controlFrom(a, { type: 'heartbeat', hears: [] }));
    await cluster.settle();
    expect(cluster.hub.sent - sentBefore).toBe(16);
    expect(a.stats().distribution).toMatchObject({ nodes: 0, pending: 64, rejected: { full: 136 } });
    expect(a.connectedNodes()).toEqual([]);
  });
});

describe('node.ready', () => {
  it('resolves once the transport has started, and at once for a node without one', async () => {
    const hub = createMemoryHub();
    const node = createNode({ name: 'r@test', transport: hub.transport(), clock: createSimulatedClock(), logger: createRecordingLogger() });
    try {
      await expect(node.ready).resolves.toBeUndefined();
      await expect(createNode().ready).resolves.toBeUndefined();
    } finally {
      node.stop();
    }
  });

  it('rejects with the transport\'s error when it cannot start, and logs it', async () => {
    const logger = createRecordingLogger();
    const failure = new Error('no network');
    const broken: Transport = { start: () => Promise.reject(failure), send: () => undefined, broadcast: () => undefined, stop: () => Promise.resolve() };
    const node = createNode({ name: 'f@test', transport: broken, clock: createSimulatedClock(), logger });
    await expect(node.ready).rejects.toBe(failure);
    expect(logger.at('error').map((e) => e.message.split('\n')[0])).toEqual(['node f@test: the transport failed to start: Error: no network']);
    node.stop();
  });

  it('gives a clustered node a random creation unless one is given, and refuses one out of range', async () => {
    const { CorralError } = await import('../../src/index.js');
    const hub = createMemoryHub();
    const made = [0, 1, 2].map((i) => createNode({ name: `n${i}@test`, transport: hub.transport(), clock: createSimulatedClock(), logger: createRecordingLogger() }));
    const creations = made.map((n) => n.rootPid.serial);
    for (const n of made) n.stop();
    expect(new Set(creations).size).toBe(3);
    for (const creation of creations) expect(creation >= 1 && creation < 2 ** 32).toBe(true);
    expect(() => createNode({ name: 'x@test', transport: hub.transport(), creation: 0 })).toThrow(CorralError);
    expect(() => createNode({ name: 'x@test', transport: hub.transport(), creation: 2 ** 32 })).toThrow('creation must be an integer from 1 to 2^32 - 1');
  });
});
