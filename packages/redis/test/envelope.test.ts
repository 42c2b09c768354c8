import { describe, expect, it } from 'vitest';
import { envelopeHeader, open, seal } from '../src/envelope.js';

/** `packets` sealed in one envelope from `from`. */
function sealed(from: string, packets: Uint8Array[]): Buffer {
  return seal(envelopeHeader(from), packets, packets.reduce((sum, p) => sum + p.length, 0));
}

describe('the envelope of packets on a Redis channel', () => {
  it('carries the sender name and the bytes unchanged, UTF-8 names included', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    expect(open(sealed('nœud@hôte', [bytes]))).toEqual({ ok: true, from: 'nœud@hôte', packets: [Buffer.from(bytes)] });
  });

  it('carries several packets in the order given, empty ones included', () => {
    const packets = [new Uint8Array([1]), new Uint8Array(), new Uint8Array([2, 3, 4])];
    expect(open(sealed('a', packets))).toEqual({ ok: true, from: 'a', packets: packets.map((p) => Buffer.from(p)) });
  });

  it('refuses messages that are too short, of another version, or name nobody, saying why', () => {
    expect(open(Buffer.from([1, 0]))).toEqual({ ok: false, error: 'a 2-byte message is shorter than an envelope header' });
    expect(open(Buffer.from([0, 0, 1, 97, 0]))).toEqual({ ok: false, error: 'unknown envelope version 0' });
    expect(open(Buffer.from([1, 0, 5, 97]))).toEqual({ ok: false, error: "the sender's name is cut short (1 of 5 bytes)" });
    expect(open(Buffer.from([1, 0, 0, 0, 0, 0, 0]))).toEqual({ ok: false, error: 'the sender has no name' });
    expect(open(Buffer.from([1, 0, 1, 97]))).toEqual({ ok: false, error: 'the envelope holds no packet' });
  });

  it('refuses the whole envelope when a packet is cut short, taking none of it', () => {
    const whole = sealed('a', [new Uint8Array([1, 2]), new Uint8Array([3, 4, 5])]);
    expect(open(whole.subarray(0, whole.length - 1))).toEqual({ ok: false, error: 'packet 2 is cut short (2 of 3 bytes)' });
    expect(open(whole.subarray(0, 4 + 4 + 2 + 2))).toEqual({ ok: false, error: "packet 2's length is cut short" });
  });

  it('refuses a node name longer than 65535 bytes', () => {
    expect(() => envelopeHeader('x'.repeat(0x10000))).toThrow(RangeError);
  });
});
