import { describe, expect, it } from 'vitest';
import { ENVELOPE_VERSION, SEAL_BYTES, envelopeHeader, readHeader, readPackets, seal } from '../src/envelope.js';

/** `packets` in one plain envelope from `from`. */
function sealed(from: string, packets: Uint8Array[]): Buffer {
  return seal(envelopeHeader(from, ENVELOPE_VERSION.plain), 0, packets, packets.reduce((sum, p) => sum + p.length, 0));
}

/** The sender and the packets of `message`, or the first error met. */
function open(message: Buffer): { from: string; packets: Uint8Array[] } | string {
  const header = readHeader(message);
  if (!header.ok) return header.error;
  const packets = readPackets(message, header.value.packetsStart);
  return packets.ok ? { from: header.value.from, packets: packets.value } : packets.error;
}

describe('the envelope of packets on a Redis channel', () => {
  it('carries the sender name and the bytes unchanged, UTF-8 names included', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    expect(open(sealed('nœud@hôte', [bytes]))).toEqual({ from: 'nœud@hôte', packets: [Buffer.from(bytes)] });
  });

  it('carries several packets in the order given, empty ones included', () => {
    const packets = [new Uint8Array([1]), new Uint8Array(), new Uint8Array([2, 3, 4])];
    expect(open(sealed('a', packets))).toEqual({ from: 'a', packets: packets.map((p) => Buffer.from(p)) });
  });

  it('lays a plain envelope out as version 1, the name after its u16 length, then each packet after its u32 length', () => {
    expect([...sealed('ab', [new Uint8Array([9, 8])])]).toEqual([1, 0, 2, 97, 98, 0, 0, 0, 2, 9, 8]);
  });

  it('leaves 40 bytes for the seal between the name and the packets of a signed envelope (version 2)', () => {
    const header = envelopeHeader('ab', ENVELOPE_VERSION.signed);
    const message = seal(header, SEAL_BYTES, [new Uint8Array([7])], 1);
    expect(message.length).toBe(5 + 40 + 5);
    expect([...message.subarray(0, 5)]).toEqual([2, 0, 2, 97, 98]);
    expect([...message.subarray(45)]).toEqual([0, 0, 0, 1, 7]);
    expect(readHeader(message)).toEqual({ ok: true, value: { version: 2, from: 'ab', nameEnd: 5, packetsStart: 45 } });
  });

  it('refuses messages that are too short, of another version, name nobody or hold nothing, saying why', () => {
    expect(open(Buffer.from([1, 0]))).toBe('a 2-byte message is shorter than an envelope header');
    expect(open(Buffer.from([0, 0, 1, 97, 0]))).toBe('unknown envelope version 0');
    expect(open(Buffer.from([3, 0, 1, 97, 0]))).toBe('unknown envelope version 3');
    expect(open(Buffer.from([1, 0, 5, 97]))).toBe("the sender's name is cut short (1 of 5 bytes)");
    expect(open(Buffer.from([1, 0, 0, 0, 0, 0, 0]))).toBe('the sender has no name');
    expect(open(Buffer.from([1, 0, 1, 97]))).toBe('the envelope holds no packet');
    expect(open(Buffer.from([2, 0, 1, 97, 0, 0]))).toBe('the seal is cut short');
  });

  it('refuses the whole envelope when a packet is cut short, taking none of it', () => {
    const whole = sealed('a', [new Uint8Array([1, 2]), new Uint8Array([3, 4, 5])]);
    expect(open(whole.subarray(0, whole.length - 1))).toBe('packet 2 is cut short (2 of 3 bytes)');
    expect(open(whole.subarray(0, 4 + 4 + 2 + 2))).toBe("packet 2's length is cut short");
    expect(open(Buffer.from([1, 0, 1, 97, 0xff, 0xff, 0xff, 0xff]))).toBe('packet 1 is cut short (0 of 4294967295 bytes)');
  });

  it('refuses a node name longer than 65535 bytes', () => {
    expect(() => envelopeHeader('x'.repeat(0x10000), ENVELOPE_VERSION.plain)).toThrow(RangeError);
  });
});
