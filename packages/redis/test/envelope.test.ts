import { describe, expect, it } from 'vitest';
import { envelopeHeader, open, seal } from '../src/envelope.js';

describe('the envelope of a packet on a Redis channel', () => {
  it('carries the sender name and the bytes unchanged, UTF-8 names included', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const opened = open(seal(envelopeHeader('nœud@hôte'), bytes));
    expect(opened).toEqual({ ok: true, from: 'nœud@hôte', bytes: Buffer.from(bytes) });
  });

  it('carries an empty packet', () => {
    expect(open(seal(envelopeHeader('a'), new Uint8Array()))).toMatchObject({ ok: true, from: 'a', bytes: Buffer.alloc(0) });
  });

  it('refuses messages that are too short or name nobody, saying why', () => {
    expect(open(Buffer.from([0]))).toEqual({ ok: false, error: 'a 1-byte message is shorter than an envelope header' });
    expect(open(Buffer.from([0, 5, 97]))).toEqual({ ok: false, error: "the sender's name is cut short (1 of 5 bytes)" });
    expect(open(Buffer.from([0, 0, 1]))).toEqual({ ok: false, error: 'the sender has no name' });
  });

  it('refuses a node name longer than 65535 bytes', () => {
    expect(() => envelopeHeader('x'.repeat(0x10000))).toThrow(RangeError);
  });
});
