import { describe, expect, it } from 'vitest';
import { createRecordingLogger, createSimulatedClock } from '@corral/actor/testing';
import { ENVELOPE_VERSION, SEAL_BYTES, envelopeHeader, seal } from '../src/envelope.js';
import { EnvelopeMac, channelTag } from '../src/envelope-mac.js';
import { OncePerInterval } from '../src/once-per-interval.js';
import { Receiver } from '../src/receiver.js';
import { ReplayGuard } from '../src/replay-guard.js';

const SECRET = 'the secret of the test cluster..';
const NODE = Buffer.from('ns:node:b@x');
const ALL = Buffer.from('ns:all');

/** A receiver for node b@x (signed when `secret` is given), the packets it delivered, its log and its clock. */
function receiver(secret?: string, maxMessageBytes = 1024, deliver?: (from: string, packet: Uint8Array) => void) {
  const clock = createSimulatedClock();
  const logger = createRecordingLogger();
  const delivered: [string, number[]][] = [];
  const rx = new Receiver({
    self: 'b@x',
    channels: { node: 'ns:node:b@x', all: 'ns:all' },
    mac: secret === undefined ? null : new EnvelopeMac(secret),
    guard: new ReplayGuard({ maxEntries: 100, floor: 0 }),
    maxMessageBytes,
    deliver: deliver ?? ((from, packet) => void delivered.push([from, [...packet]])),
    label: 'node b@x',
    logger,
    logPace: new OncePerInterval(clock, 10_000),
  });
  return { rx, delivered, logger, clock };
}

/** An envelope from `from` holding `packets`, signed with `secret` for `channel` and `counter` (plain without a secret). */
function envelope(from: string, packets: number[][], opts: { secret?: string; channel?: Buffer; counter?: number } = {}): Buffer {
  const signed = opts.secret !== undefined;
  const header = envelopeHeader(from, signed ? ENVELOPE_VERSION.signed : ENVELOPE_VERSION.plain);
  const bytes = packets.map((p) => new Uint8Array(p));
  const message = seal(header, signed ? SEAL_BYTES : 0, bytes, bytes.reduce((n, p) => n + p.length, 0));
  if (opts.secret !== undefined) new EnvelopeMac(opts.secret).sign(message, header.length, channelTag(opts.channel ?? NODE), opts.counter ?? 1);
  return message;
}

describe('the receive path of a cluster without a secret', () => {
  it('delivers the packets of a plain envelope in order, and skips its own broadcasts', () => {
    const { rx, delivered } = receiver();
    rx.onMessage(NODE, envelope('a@x', [[1], [2, 3]]));
    rx.onMessage(ALL, envelope('b@x', [[9]]));
    expect(delivered).toEqual([['a@x', [1]], ['a@x', [2, 3]]]);
    expect(rx.rejected).toEqual({ mac: 0, replay: 0, oversize: 0, malformed: 0 });
  });

  it('refuses a signed envelope (a node with a secret in a cluster without one)', () => {
    const { rx, delivered } = receiver();
    rx.onMessage(NODE, envelope('a@x', [[1]], { secret: SECRET }));
    expect(delivered).toEqual([]);
    expect(rx.rejected.mac).toBe(1);
  });
});

describe('the receive path of a cluster with a secret', () => {
  it('delivers signed envelopes whose counters go up, per channel', () => {
    const { rx, delivered } = receiver(SECRET);
    rx.onMessage(NODE, envelope('a@x', [[1]], { secret: SECRET, counter: 10 }));
    rx.onMessage(ALL, envelope('a@x', [[2]], { secret: SECRET, channel: ALL, counter: 5 }));
    rx.onMessage(NODE, envelope('a@x', [[3]], { secret: SECRET, counter: 11 }));
    expect(delivered).toEqual([['a@x', [1]], ['a@x', [2]], ['a@x', [3]]]);
  });

  it('refuses, delivering none of their packets, unsigned, wrongly signed, replayed, re-addressed, oversize and malformed messages', () => {
    const { rx, delivered } = receiver(SECRET, 64);
    const good = envelope('a@x', [[1]], { secret: SECRET, counter: 10 });
    rx.onMessage(NODE, good);
    rx.onMessage(NODE, envelope('a@x', [[2]]));
    rx.onMessage(NODE, envelope('a@x', [[3]], { secret: 'another secret of 32 bytes......', counter: 20 }));
    rx.onMessage(NODE, good);
    rx.onMessage(ALL, envelope('a@x', [[4]], { secret: SECRET, counter: 30 }));
    rx.onMessage(Buffer.from('ns:node:c@x'), envelope('a@x', [[5]], { secret: SECRET, channel: Buffer.from('ns:node:c@x'), counter: 40 }));
    rx.onMessage(NODE, envelope('a@x', [new Array(60).fill(6)], { secret: SECRET, counter: 50 }));
    rx.onMessage(NODE, Buffer.from([2, 0, 1]));
    expect(delivered).toEqual([['a@x', [1]]]);
    expect(rx.rejected).toEqual({ mac: 3, replay: 1, oversize: 1, malformed: 2 });
  });

  it('logs each kind of refusal at most once per 10 s, then says how many the line stands for', () => {
    const { rx, logger, clock } = receiver(SECRET);
    for (let i = 0; i < 5; i++) rx.onMessage(NODE, envelope('a@x\n', [[i]]));
    clock.advance(10_000);
    rx.onMessage(NODE, envelope('a@x', [[9]]));
    expect(logger.at('warn').map((e) => e.message)).toEqual([
      'node b@x: refused a Redis message (mac): it is not signed (claims to be from "a@x\\n")',
      'node b@x: refused a Redis message (mac): it is not signed (claims to be from "a@x") (5 messages refused as mac since the last such line)',
    ]);
    expect(rx.rejected.mac).toBe(6);
  });

  it('never lets an exception out of the message handler, the node\'s own included', () => {
    const { rx: throwing, logger } = receiver(undefined, 1024, () => {
      throw new RangeError('boom');
    });
    expect(() => throwing.onMessage(NODE, envelope('a@x', [[1]]))).not.toThrow();
    expect(() => throwing.onMessage(NODE, null as unknown as Buffer)).not.toThrow();
    expect(throwing.rejected.malformed).toBe(2);
    expect(logger.at('warn').map((e) => e.message)).toEqual([expect.stringMatching(/^node b@x: refused a Redis message \(malformed\): reading it failed: .*boom/)]);
  });
});
