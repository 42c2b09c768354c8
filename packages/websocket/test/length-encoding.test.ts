// The length-encoding scanner: it follows frame boundaries through any chunking and finds the first non-minimal length.
import { describe, expect, it } from 'vitest';
import { LengthEncodingCheck } from '../src/length-encoding.js';

/** A masked client frame (mask 0) with its length in the 7-bit, 16-bit or 64-bit form. */
function frame(payload: Buffer, form: 7 | 16 | 64 = payload.length < 126 ? 7 : payload.length <= 0xffff ? 16 : 64): Buffer {
  const length = form === 7 ? Buffer.from([0x80 | payload.length])
    : form === 16 ? Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff])
    : Buffer.concat([Buffer.from([0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(payload.length)); return b; })()]);
  return Buffer.concat([Buffer.from([0x82]), length, Buffer.alloc(4), payload]);
}

function scanAll(check: LengthEncodingCheck, chunks: Buffer[]): number[] {
  return chunks.map((c) => check.scan(c));
}

describe('LengthEncodingCheck', () => {
  it('accepts minimal lengths of every form, whole or byte by byte', () => {
    const stream = Buffer.concat([frame(Buffer.alloc(0)), frame(Buffer.alloc(125)), frame(Buffer.alloc(126)), frame(Buffer.alloc(70_000))]);
    expect(new LengthEncodingCheck().scan(stream)).toBe(-1);
    const bytes = [...stream].map((b) => Buffer.from([b]));
    expect(scanAll(new LengthEncodingCheck(), bytes).every((r) => r === -1)).toBe(true);
  });

  it('reports where a frame with a 16-bit length below 126 starts, after the frames before it', () => {
    const first = frame(Buffer.from('ok'));
    expect(new LengthEncodingCheck().scan(Buffer.concat([first, frame(Buffer.from('hello'), 16)]))).toBe(first.length);
  });

  it('reports a 64-bit length below 65536', () => {
    expect(new LengthEncodingCheck().scan(frame(Buffer.from('hello'), 64))).toBe(0);
    expect(new LengthEncodingCheck().scan(frame(Buffer.alloc(1000), 64))).toBe(0);
  });

  it('reports offset 0 when the offending header began in an earlier chunk', () => {
    const bad = frame(Buffer.from('hello'), 16);
    const check = new LengthEncodingCheck();
    expect(scanAll(check, [Buffer.concat([frame(Buffer.from('a')), bad.subarray(0, 2)]), bad.subarray(2)])).toEqual([-1, 0]);
  });

  it('tells when the stream is between two messages: not inside a header, a payload or a fragmented message', () => {
    const check = new LengthEncodingCheck();
    expect(check.atMessageBoundary()).toBe(true);
    const whole = frame(Buffer.from('hello'));
    check.scan(whole.subarray(0, 3));
    expect(check.atMessageBoundary()).toBe(false);
    check.scan(whole.subarray(3, 8));
    expect(check.atMessageBoundary()).toBe(false);
    check.scan(whole.subarray(8));
    expect(check.atMessageBoundary()).toBe(true);
    const first = Buffer.concat([Buffer.from([0x02]), frame(Buffer.from('a')).subarray(1)]);
    const ping = Buffer.concat([Buffer.from([0x89]), frame(Buffer.from('p')).subarray(1)]);
    const last = Buffer.concat([Buffer.from([0x80]), frame(Buffer.from('b')).subarray(1)]);
    check.scan(first);
    expect(check.atMessageBoundary()).toBe(false);
    check.scan(ping);
    expect(check.atMessageBoundary()).toBe(false);
    check.scan(last);
    expect(check.atMessageBoundary()).toBe(true);
  });
});
