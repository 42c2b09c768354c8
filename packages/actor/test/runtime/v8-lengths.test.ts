import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { checkV8Lengths, V8_FLAT_ARRAY_LIMIT } from '../../src/runtime/v8-lengths.js';

/** An empty sparse array of `length` as v8 writes it: 'a', the length, '@', no properties, the length. */
function sparseBytes(length: number): Buffer {
  const varint = (n: number): number[] => (n < 128 ? [n] : [(n % 128) | 0x80, ...varint(Math.floor(n / 128))]);
  return Buffer.from([0xff, 0x0f, 0x61, ...varint(length), 0x40, 0x00, ...varint(length)]);
}

describe('checkV8Lengths', () => {
  it('passes every kind of value that encodeState writes', () => {
    const shared = { s: 1 };
    const holey: unknown[] = [1];
    holey[500] = 'x';
    const values: unknown[] = [
      undefined, null, true, false, 0, -5, 2 ** 31, 1.5, Number.NaN, 2n ** 200n, -1n, '', 'ascii', 'é€ two-byte', 'x'.repeat(5000),
      { a: [1, { b: 'c' }], 7: 'numeric key' }, [shared, shared], holey, new Map<unknown, unknown>([[{ k: 1 }, new Set([1, 'two'])]]),
      new Date(5), /x+/giu, new Uint8Array([1, 2, 3]), Buffer.from('buffer'), new Float64Array([1.5]), new DataView(new ArrayBuffer(4)),
      new ArrayBuffer(3), new TypeError('bad', { cause: { why: 1 } }), new Error('plain'), Object(1), Object('boxed'), Object(true),
    ];
    for (const value of values) expect([value, checkV8Lengths(serialize(value))]).toEqual([value, null]);
    expect(checkV8Lengths(serialize(values))).toBe(null);
  });

  it('refuses a sparse array longer than its bytes justify while v8 would allocate its whole length, and passes longer ones', () => {
    expect(checkV8Lengths(sparseBytes(2 ** 24))).toBe('a sparse array of length 16777216 in 13 bytes');
    expect(checkV8Lengths(sparseBytes(V8_FLAT_ARRAY_LIMIT))).toBe('a sparse array of length 33554432 in 13 bytes');
    expect(checkV8Lengths(sparseBytes(1024 + 16 * 9))).toBe(null); // 9 bytes: a two-byte varint twice
    expect(checkV8Lengths(sparseBytes(1024 + 16 * 9 + 1))).toBe('a sparse array of length 1169 in 9 bytes');
    expect(checkV8Lengths(sparseBytes(V8_FLAT_ARRAY_LIMIT + 1))).toBe(null);
    expect(checkV8Lengths(sparseBytes(2 ** 32 - 1))).toBe(null);
  });

  it('finds a sparse array inside objects, maps and arrays, after strings and buffers that hold its bytes', () => {
    const inner = sparseBytes(2 ** 22).subarray(2);
    const prefix = serialize({ note: 'a\u0080\u0080\u0080\u0008', bytes: Buffer.from([0x61, 0x80, 0x80, 0x80, 0x08]), list: ['MARK'] });
    const mark = serialize('MARK').subarray(2);
    const at = prefix.indexOf(mark);
    const bytes = Buffer.concat([prefix.subarray(0, at), inner, prefix.subarray(at + mark.length)]);
    expect(checkV8Lengths(bytes)).toBe(`a sparse array of length 4194304 in ${bytes.length} bytes`);
    expect(checkV8Lengths(prefix)).toBe(null);
  });

  it('refuses bytes cut short, tags encodeState never writes, and nesting deeper than the stack, without throwing', () => {
    expect(checkV8Lengths(Buffer.from([0xff]))).toBe('not node:v8 bytes');
    expect(checkV8Lengths(serialize({ a: 'long string' }).subarray(0, 8))).toBe('a length longer than the bytes left');
    expect(checkV8Lengths(Buffer.from([0xff, 0x0f, 0x6f]))).toBe('the bytes end inside a value');
    expect(checkV8Lengths(Buffer.from([0xff, 0x0f, 0x75]))).toBe('an unexpected tag 117');
    expect(checkV8Lengths(Buffer.concat([Buffer.from([0xff, 0x0f]), Buffer.alloc(200_000, 0x6f)]))).toBe('nested too deeply');
  });
});
