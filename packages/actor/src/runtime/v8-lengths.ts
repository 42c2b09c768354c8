// Reads node:v8 bytes without building anything, to refuse a sparse array whose length would cost more memory than its bytes justify.

/** The longest sparse array v8 deserializes into a flat backing store (V8's kMaxFastArrayLength): longer ones it keeps as a dictionary. */
export const V8_FLAT_ARRAY_LIMIT = 32 * 1024 * 1024;

/** Thrown on bytes that are not what `encodeState` writes. */
class Refused extends Error {}

const TAG = (c: string): number => c.charCodeAt(0);
/** Tags with nothing after them, and tags followed by 8 bytes. */
const BARE = new Set(['_', '0', 'T', 'F', '-', 'y', 'x'].map(TAG));
const DOUBLE = new Set(['N', 'D', 'n'].map(TAG));
const STRINGS = new Set(['"', 'c', 'S'].map(TAG));
/** Container tags and the tag that ends each, with how many varints follow the end. */
const CONTAINERS = new Map<number, [close: number, varints: number]>([
  [TAG('o'), [TAG('{'), 1]],
  [TAG('a'), [TAG('@'), 2]],
  [TAG('A'), [TAG('$'), 2]],
  [TAG(';'), [TAG(':'), 1]],
  [TAG("'"), [TAG(','), 1]],
]);

/** A reader over v8 bytes: the value tags that `node:v8`'s `serialize` writes for what `encodeState` accepts; any other tag is refused. */
class Reader {
  at = 2; // after the header (0xff, version)

  constructor(private readonly bytes: Uint8Array, private readonly maxSparse: number) {}

  private byte(): number {
    if (this.at >= this.bytes.length) throw new Refused('the bytes end inside a value');
    return this.bytes[this.at++] as number;
  }

  varint(): number {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = this.byte();
      value += (b & 0x7f) * shift;
      if (b < 0x80) return value;
      if (shift > 2 ** 56) throw new Refused('a varint longer than 9 bytes');
    }
  }

  private skip(n: number): void {
    if (n > this.bytes.length - this.at) throw new Refused('a length longer than the bytes left');
    this.at += n;
  }

  private tag(): number {
    let t = this.byte();
    while (t === 0) t = this.byte(); // padding
    return t;
  }

  /** Reads one value; `closing` ends a container (returned as true when met instead of a value). */
  value(closing = -1): boolean {
    const t = this.tag();
    if (t === closing) return true;
    if (BARE.has(t)) return false;
    if (DOUBLE.has(t)) return (this.skip(8), false);
    if (STRINGS.has(t)) return (this.skip(this.varint()), false);
    const container = CONTAINERS.get(t);
    if (container !== undefined) return (this.container(t, container), false);
    switch (String.fromCharCode(t)) {
      case 'I': case 'U': case '^':
        return (this.varint(), false);
      case 'Z': case 'z':
        return (this.skip(Math.floor(this.varint() / 2)), false);
      case 's':
        return this.value();
      case 'R':
        return (this.value(), this.varint(), false);
      case 'B':
        return (this.skip(this.varint()), false);
      case '\\':
        return (this.varint(), this.skip(this.varint()), false);
      case 'r':
        return (this.error(), false);
      default:
        throw new Refused(`an unexpected tag ${t}`);
    }
  }

  private container(open: number, [close, after]: [number, number]): void {
    if (open === TAG('a')) {
      const length = this.varint();
      if (length > this.maxSparse && length <= V8_FLAT_ARRAY_LIMIT) throw new Refused(`a sparse array of length ${length} in ${this.bytes.length} bytes`);
    } else if (open === TAG('A')) this.varint();
    while (!this.value(close));
    for (let i = 0; i < after; i++) this.varint();
  }

  private error(): void {
    for (;;) {
      const sub = String.fromCharCode(this.byte());
      if (sub === '.') return;
      if (sub === 'm' || sub === 's' || sub === 'c') this.value();
      else if (!'ERFSTU'.includes(sub)) throw new Refused(`an unexpected error tag ${sub.charCodeAt(0)}`);
    }
  }
}

/**
 * Null when `bytes` (node:v8 `serialize` output) can be deserialized without allocating much more than
 * their length; else why not. A sparse array costs v8 a flat backing store of its length (8 bytes a
 * slot, up to {@link V8_FLAT_ARRAY_LIMIT} slots) whatever its bytes: 13 bytes could make it allocate
 * 256 MiB and block for a second. Lengths up to 1024 + 16 per byte received pass, and so do lengths
 * past the limit (v8 then keeps a dictionary of the elements there are). Bytes that are not a value of
 * the kinds `encodeState` writes are refused too. Reads each byte about once; never throws.
 */
export function checkV8Lengths(bytes: Uint8Array): string | null {
  if (bytes.length < 2 || bytes[0] !== 0xff) return 'not node:v8 bytes';
  const reader = new Reader(bytes, 1024 + 16 * bytes.length);
  try {
    reader.value();
    return null;
  } catch (error) {
    return error instanceof Refused ? error.message : 'nested too deeply';
  }
}
