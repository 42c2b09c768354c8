import { serialize, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { createNode, type Node, type Pid, type Transport } from '../../src/index.js';
import { createMemoryHub, createRecordingLogger, createSimulatedClock, runUntilIdle } from '../../src/testing.js';
import type { Distributor } from '../../src/distribution/distributor.js';
import { decodeHeader, decodePacket, encodePacket, frame, isControl } from '../../src/distribution/wire.js';
import { hostileBody, hostileValue, mutate, rawV8, seededRng, type Rng } from './hostile-packets.js';

const SEED = 0x17_5eed;
const PACKETS = 100_000;
const HEARTBEAT_MS = 100;
/** Heap growth allowed over the whole run (after a full GC at both ends): the run sends several GiB worth of claimed lengths. */
const MAX_HEAP_GROWTH = 48 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let nodes: Node[] = [];
afterEach(() => {
  for (const node of nodes) node.stop();
  nodes = [];
});

/** `transport`, keeping a copy of every frame it sends (the real frames the fuzzer mutates). */
function tapped(transport: Transport, frames: Uint8Array[]): Transport {
  return {
    ...transport,
    send: (to, bytes) => (frames.push(bytes.slice()), transport.send(to, bytes)),
    broadcast: (bytes) => (frames.push(bytes.slice()), transport.broadcast(bytes)),
  };
}

/** A process on `node` registered as `name` that counts what it gets. */
function counter(node: Node, name: string): { pid: Pid; got: unknown[] } {
  const got: unknown[] = [];
  const pid = node.spawnHandler({ init: () => null, handleMessage: (msg) => void got.push(msg) }, { name });
  return { pid, got };
}

const rejectedOf = (node: Node): number => Object.values(node.stats().distribution?.rejected ?? {}).reduce((sum, n) => sum + n, 0);

/** Builds the packets: who they claim to come from, who gets them, their bytes. */
function fuzzer(rng: Rng, a: Node, b: Node, seeds: Uint8Array[]) {
  const names = ['a@fuzz', 'a@fuzz', 'a@fuzz', 'b@fuzz', ...Array.from({ length: 100 }, (_, i) => `n${i}@fuzz`), '\u0000', 'x'.repeat(300)];
  const dist = a.runtime.distribution as Distributor;
  const pidTag = { ['\u0000corral:pid']: ['b@fuzz', b.runtime.creation, 1 + rng.int(8)] };
  /** A connection frame from a to b with the ids and number a would use now (a valid header), or null when a does not see b up. */
  const live = (body: Uint8Array): Uint8Array | null => {
    const conn = dist.peers.connectionTo('b@fuzz');
    if (conn === null) return null;
    return frame({ kind: 'connection', creation: a.runtime.creation, to: b.runtime.creation, conn: conn.out, echo: conn.theirs, seq: conn.next() }, body);
  };
  const bodies = (): Uint8Array => {
    const roll = rng.int(4);
    if (roll === 0) return rawV8(rng);
    if (roll === 1) return hostileBody(rng, pidTag);
    if (roll === 2) return mutate(rng, rng.pick(seeds).subarray(6), rng.pick(seeds));
    const sent = encodePacket({ type: 'sendNamed', name: 'sink', msg: hostileValue(rng) }, a.runtime.codec);
    return sent.ok ? sent.bytes : serialize(null);
  };
  return (): { from: string; to: Node; bytes: Uint8Array } => {
    const from = rng.pick(names);
    const to = from === 'b@fuzz' || rng.next() < 0.9 ? b : a;
    const roll = rng.int(100);
    if (roll < 20) return { from, to, bytes: rng.next() < 0.5 ? rng.bytes(rng.int(80)) : Buffer.from([3, rng.int(2), ...rng.bytes(rng.int(40))]) };
    if (roll < 50) return { from, to, bytes: mutate(rng, rng.pick(seeds), rng.pick(seeds)) };
    if (roll < 60) return { from, to, bytes: rng.pick(seeds) };
    const body = bodies();
    const liveFrame = roll >= 80 && from === 'a@fuzz' && to === b ? live(body) : null;
    const creation = rng.next() < 0.5 ? rng.int(2 ** 32) : to.runtime.creation;
    return { from, to, bytes: liveFrame ?? frame({ kind: 'control', creation }, body) };
  };
}

/**
 * Resolves once the packet just injected into `node` has been handled: the hub delivers it in a
 * microtask, and the node handles it at once unless it has had its share of this event-loop turn.
 */
async function handled(node: Node): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  if (!node.idle) await new Promise((resolve) => setImmediate(resolve));
}

/** True when the node could take `bytes` as a packet (a header, and a body of the kind the header says): else it must count it. */
function wellFormed(bytes: Uint8Array, oracle: Node): boolean {
  const header = decodeHeader(bytes);
  if (!header.ok) return false;
  const packet = decodePacket(bytes, header.bodyAt, oracle.runtime.codec);
  return packet.ok && isControl(packet.packet) === (header.header.kind === 'control');
}

describe('the receive path of a node under 100,000 random and mutated packets', () => {
  it('throws nothing, counts every packet it does not take, keeps its heap bounded, and still carries messages after', async () => {
    const clock = createSimulatedClock();
    const logger = createRecordingLogger();
    const hub = createMemoryHub();
    const seeds: Uint8Array[] = [];
    const start = (name: string, creation: number): Node => createNode({ name, creation, clock, logger, heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: 4 * HEARTBEAT_MS, transport: tapped(hub.transport(), seeds) });
    const [a, b] = (nodes = [start('a@fuzz', 11), start('b@fuzz', 22)]) as [Node, Node];
    const settle = () => runUntilIdle(nodes);
    const tick = async () => (clock.advance(HEARTBEAT_MS), await settle());
    await settle();
    await tick();
    // Real traffic to mutate: heartbeats, named and direct sends, a link and a monitor across.
    const sink = counter(b, 'sink');
    a.spawn(async (ctx) => {
      ctx.send({ name: 'sink', node: 'b@fuzz' }, { hello: [1, 2n, new Map([['k', ctx.self]])] });
      ctx.send(sink.pid, 'direct');
      ctx.monitor(sink.pid);
      await ctx.receive();
    });
    await tick();
    expect(seeds.length).toBeGreaterThan(8);

    const oracle = createNode({ name: 'oracle@fuzz', creation: 1 });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): number => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const next = fuzzer(seededRng(SEED), a, b, seeds);
    const uncounted: string[] = [];
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const startedAt = performance.now();
    for (let i = 0; i < PACKETS; i++) {
      if (i % 500 === 0) await tick(); // heartbeats: a broken connection comes up again, pending names time out
      const { from, to, bytes } = next();
      const before = rejectedOf(to);
      hub.inject(from, to.name, bytes);
      await handled(to);
      if (rejectedOf(to) === before && !wellFormed(bytes, oracle)) uncounted.push(`#${i} from ${from.slice(0, 20)}: ${Buffer.from(bytes.subarray(0, 40)).toString('hex')}`);
    }
    const seconds = (performance.now() - startedAt) / 1000;
    await settle();
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    process.off('unhandledRejection', onUnhandled);
    console.info(`receive fuzz: ${PACKETS} packets in ${seconds.toFixed(1)} s, heap ${(heapBefore / 2 ** 20).toFixed(1)} -> ${((heapBefore + heapGrowth) / 2 ** 20).toFixed(1)} MiB, rejected ${JSON.stringify(b.stats().distribution?.rejected)} at b, ${JSON.stringify(a.stats().distribution?.rejected)} at a`);

    expect(uncounted.slice(0, 5)).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(logger.at('error').map((e) => e.message)).toEqual([]);
    expect(heapGrowth).toBeLessThan(MAX_HEAP_GROWTH);
    expect(rejectedOf(b)).toBeGreaterThan(PACKETS / 2);

    for (let i = 0; i < 10; i++) await tick();
    expect([a.connectedNodes(), b.connectedNodes()]).toEqual([['b@fuzz'], ['a@fuzz']]);
    const [there, back] = [counter(b, 'after'), counter(a, 'after')];
    a.send({ name: 'after', node: 'b@fuzz' }, 'a to b, after the fuzz');
    b.send({ name: 'after', node: 'a@fuzz' }, 'b to a, after the fuzz');
    await settle();
    expect([there.got, back.got]).toEqual([['a to b, after the fuzz'], ['b to a, after the fuzz']]);
  }, 120_000);
});
