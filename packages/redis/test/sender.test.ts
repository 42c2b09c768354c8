import { describe, expect, it } from 'vitest';
import { createRecordingLogger, createSimulatedClock } from '@corral/actor/testing';
import { ENVELOPE_VERSION, envelopeHeader, readHeader, readPackets } from '../src/envelope.js';
import { EnvelopeMac, channelTag } from '../src/envelope-mac.js';
import { OncePerInterval } from '../src/once-per-interval.js';
import { BROADCAST } from '../src/outbox.js';
import { Sender, type DropReason } from '../src/sender.js';

const SECRET = 'the secret of the test cluster..';

/** A sender of node a@x whose publishes wait until the test settles them, and whose end of tick runs when the test says. */
function sender(opts: { secret?: string; maxOutboxBytes?: number; maxPacketBytes?: number } = {}) {
  const published: { channel: string; message: Buffer; settle(ok: boolean): void }[] = [];
  const drops: [string | null, number, DropReason][] = [];
  const ticks: (() => void)[] = [];
  const logger = createRecordingLogger();
  const state = { connected: true, now: 1_000_000 };
  const mac = opts.secret === undefined ? null : new EnvelopeMac(opts.secret);
  const tx = new Sender({
    header: envelopeHeader('a@x', mac === null ? ENVELOPE_VERSION.plain : ENVELOPE_VERSION.signed),
    mac,
    nowMicros: () => state.now,
    channelOf: (dest) => (dest === BROADCAST ? 'ns:all' : `ns:node:${dest}`),
    publish: (channel, message) => new Promise((resolve, reject) => published.push({ channel, message, settle: (ok) => (ok ? resolve(1) : reject(new Error('gone'))) })),
    connected: () => state.connected,
    later: (flush) => void ticks.push(flush),
    onDropped: (dest, count, reason) => void drops.push([dest, count, reason]),
    maxPacketBytes: opts.maxPacketBytes ?? 1000,
    maxOutboxBytes: opts.maxOutboxBytes ?? 10_000,
    bundleBytes: 100,
    label: 'node a@x',
    logger,
    logPace: new OncePerInterval(createSimulatedClock(), 10_000),
  });
  /** Ends the tick: runs the flushes it asked for. */
  const endTick = (): void => {
    for (const flush of ticks.splice(0)) flush();
  };
  /** Lets the settled publishes' callbacks run. */
  const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return { tx, published, drops, logger, state, endTick, settled };
}

/** The packets of a published message, as arrays. */
function packetsOf(message: Buffer): number[][] {
  const header = readHeader(message);
  if (!header.ok) throw new Error(header.error);
  const packets = readPackets(message, header.value.packetsStart);
  if (!packets.ok) throw new Error(packets.error);
  return packets.value.map((p) => [...p]);
}

describe('the send path', () => {
  it('publishes the packets of one tick as one message per run of one destination, in the order sent', () => {
    const { tx, published, endTick } = sender();
    tx.send('b@x', new Uint8Array([1]));
    tx.send('b@x', new Uint8Array([2]));
    tx.send(BROADCAST, new Uint8Array([3]));
    tx.send('b@x', new Uint8Array([4]));
    expect(published).toEqual([]);
    endTick();
    expect(published.map((p) => [p.channel, packetsOf(p.message)])).toEqual([['ns:node:b@x', [[1], [2]]], ['ns:all', [[3]]], ['ns:node:b@x', [[4]]]]);
  });

  it('signs each message for its channel with a counter that goes up, starting from the clock', () => {
    const { tx, published, endTick, state } = sender({ secret: SECRET });
    tx.send('b@x', new Uint8Array([1]));
    tx.send(BROADCAST, new Uint8Array([2]));
    endTick();
    state.now = 500; // the clock went back: the counter does not
    tx.send('b@x', new Uint8Array([3]));
    endTick();
    const mac = new EnvelopeMac(SECRET);
    const nameEnd = 6;
    expect(published.map((p) => mac.verify(p.message, nameEnd, channelTag(p.channel)))).toEqual([
      { ok: true, counter: 1_000_000 },
      { ok: true, counter: 1_000_001 },
      { ok: true, counter: 1_000_002 },
    ]);
  });

  it('counts the bytes of each destination until Redis answers, and drops past maxOutboxBytes, reported once per tick', async () => {
    const { tx, published, drops, endTick, settled, logger } = sender({ maxOutboxBytes: 250 });
    for (let i = 0; i < 5; i++) tx.send('b@x', new Uint8Array(96)); // 100 bytes each with its length
    tx.send(BROADCAST, new Uint8Array(96));
    expect(tx.outboxBytes()).toEqual({ 'b@x': 200, [BROADCAST]: 100 });
    expect(tx.dropped).toBe(3);
    endTick();
    expect(drops).toEqual([['b@x', 3, 'overflow']]);
    expect(logger.at('warn').map((e) => e.message)).toEqual([
      'node a@x: the outbox to node b@x passed maxOutboxBytes (250; Redis takes packets slower than they are sent): packets to it are dropped',
    ]);
    expect(tx.outboxBytes()).toEqual({ 'b@x': 200, [BROADCAST]: 100 });
    for (const p of published) p.settle(true);
    await settled();
    expect(tx.outboxBytes()).toEqual({});
    tx.send('b@x', new Uint8Array(96));
    expect(tx.outboxBytes()).toEqual({ 'b@x': 100 });
  });

  it('drops and reports as unreachable what it is given while Redis is down and what Redis failed to take', async () => {
    const { tx, published, drops, endTick, settled, state } = sender();
    tx.send('b@x', new Uint8Array([1]));
    tx.send('b@x', new Uint8Array([2]));
    endTick();
    published[0]?.settle(false);
    await settled();
    state.connected = false;
    tx.send(BROADCAST, new Uint8Array([3]));
    endTick();
    expect(drops).toEqual([['b@x', 2, 'unreachable'], [null, 1, 'unreachable']]);
    expect(tx.dropped).toBe(3);
    expect(tx.outboxBytes()).toEqual({});
  });

  it('drops a packet larger than maxPacketBytes, says so, and reports it as an overflow of its destination', () => {
    const { tx, published, drops, endTick, logger } = sender({ maxPacketBytes: 10 });
    tx.send('b@x', new Uint8Array(11));
    tx.send('b@x', new Uint8Array(10));
    endTick();
    expect(published.map((p) => packetsOf(p.message).map((x) => x.length))).toEqual([[10]]);
    expect(drops).toEqual([['b@x', 1, 'overflow']]);
    expect(logger.at('warn').map((e) => e.message)).toEqual(['node a@x: a 11-byte packet to node b@x is larger than maxPacketBytes (10): dropped']);
  });
});
