// Seeded generators of hostile packets for the receive-path fuzz test: random bytes, mutated real frames, v8 values that cost more than their bytes.
import { serialize } from 'node:v8';

/** A deterministic source of random numbers (mulberry32), so a failing run can be replayed from its seed. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Uint8Array;
}

/** A {@link Rng} from `seed`. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    bytes: (n) => Uint8Array.from({ length: n }, () => int(256)),
  };
}

/** `n` as a v8 serializer varint (7 bits a byte, low first). */
export function varint(n: number): number[] {
  const out: number[] = [];
  let left = n;
  do {
    const low = left % 128;
    left = Math.floor(left / 128);
    out.push(left > 0 ? low | 0x80 : low);
  } while (left > 0);
  return out;
}

/** A sparse array of `length` with a few elements (v8 writes one above 2^31 or so as sparse; shorter ones it writes hole by hole, slowly). */
export function sparseArray(length: number, elements: readonly unknown[] = []): unknown[] {
  const sparse: unknown[] = [];
  sparse.length = length;
  elements.forEach((e, i) => (sparse[i * 1000] = e));
  return sparse;
}

/** `value` nested `depth` times in arrays or objects (built in a loop: no recursion here). */
export function nested(depth: number, value: unknown, inObjects: boolean): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = inObjects ? { d: out } : [out];
  return out;
}

const HEADER = [0xff, 0x0f];
const HUGE = [2 ** 24, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 40, Number.MAX_SAFE_INTEGER];

const MARK = '\u0001sparse';

/**
 * v8 bytes of `value` with the string {@link MARK} in it replaced by an empty sparse array of
 * `length` as an attacker writes it (a few bytes, whatever the length): the packets that once crashed nodes.
 */
export function withSparseArray(value: unknown, length: number): Buffer {
  const bytes = serialize(value);
  const mark = serialize(MARK).subarray(2);
  const at = bytes.indexOf(mark);
  if (at === -1) throw new Error('withSparseArray: no mark in the value');
  const sparse = Buffer.from([0x61, ...varint(length), 0x40, 0x00, ...varint(length)]);
  return Buffer.concat([bytes.subarray(0, at), sparse, bytes.subarray(at + mark.length)]);
}

/** The crash packets' bodies: an empty sparse array of length 2^24 or 2^32 - 1, as the body and inside a message to `pidTag`. */
export function crashBodies(pidTag: unknown): Buffer[] {
  return [2 ** 24, 2 ** 32 - 1].flatMap((length) => [
    withSparseArray(MARK, length),
    withSparseArray({ type: 'send', to: pidTag, msg: MARK }, length),
    withSparseArray({ type: 'sendNamed', name: 'sink', msg: { nested: [MARK] } }, length),
  ]);
}

const crashes = new WeakMap<object, Buffer[]>();
const crashBodiesFor = (pidTag: unknown): Buffer[] => {
  if (typeof pidTag !== 'object' || pidTag === null) return crashBodies(pidTag);
  let bodies = crashes.get(pidTag);
  if (bodies === undefined) crashes.set(pidTag, (bodies = crashBodies(pidTag)));
  return bodies;
};

/** Hand-built v8 bytes that claim more than they hold: huge lengths and counts, deep nesting, cut-off values. */
export function rawV8(rng: Rng): Buffer {
  const huge = varint(rng.pick(HUGE));
  const templates: Array<() => number[]> = [
    () => [...HEADER, 0x61, ...huge, 0x40, 0x00, ...huge], // sparse array: 'a' length, '@' properties, length
    () => [...HEADER, 0x41, ...huge], // dense array of a huge length, no elements
    () => [...HEADER, 0x22, ...huge, 0x61], // a one-byte string longer than the bytes
    () => [...HEADER, 0x42, ...huge], // an ArrayBuffer longer than the bytes
    () => [...HEADER, 0x6f, 0x7b, ...huge], // an object that ends claiming a huge number of properties
    () => [...HEADER, ...new Array<number>(1000 + rng.int(100_000)).fill(rng.pick([0x6f, 0x41, 0x61]))], // nesting deeper than any stack
    () => [...HEADER, 0x3b, 0x6f, 0x22, 0x01, 0x61, 0x3b, ...varint(rng.int(5))], // a Map with a back-reference
    () => [...HEADER, ...rng.bytes(1 + rng.int(40))],
  ];
  return Buffer.from(rng.pick(templates)());
}

/** A v8-serializable value of a hostile shape, small in bytes: sparse arrays, deep nesting, odd keys, fake pid tags. */
export function hostileValue(rng: Rng): unknown {
  const shapes: Array<() => unknown> = [
    () => sparseArray(2 ** 32 - 1),
    () => sparseArray(2 ** 32 - 1, [1, 'x', { y: 2 }]),
    () => nested(10 + rng.int(rng.next() < 0.1 ? 3000 : 100), rng.int(10), rng.next() < 0.5),
    () => ({ ['\u0000corral:pid']: rng.pick([[], ['n', 1], [{}, 1, 2], ['a@fuzz', 2 ** 60, -1], sparseArray(3)]) }),
    () => ({ ['\u0000corral:ref']: ['', 0, 0] }),
    () => ({ ['\u0000corral:envelope']: [rng.int(3), sparseArray(2 ** 32 - 1)] }),
    () => ({ __proto__: { polluted: true }, constructor: 'x', toString: 1 }),
    () => new Map<unknown, unknown>([[sparseArray(2 ** 32 - 1), new Set([sparseArray(2 ** 32 - 1, [2])])]]),
    () => [2n ** 4000n, new Date(Number.NaN), /x{1,100000}/, new Uint8Array(rng.int(64)), new Error('boom')],
    () => 'x'.repeat(rng.int(2000)),
    () => rng.pick([null, undefined, true, -0, Number.NaN, Infinity, 2 ** 53]),
  ];
  return rng.pick(shapes)();
}

/** A packet body (v8 bytes) around a hostile value: as the whole body, or inside a packet of a known type; or a crash packet's. */
export function hostileBody(rng: Rng, pidTag: unknown): Buffer {
  if (rng.int(10) === 0) return rng.pick(crashBodiesFor(pidTag));
  const value = hostileValue(rng);
  const bodies: Array<() => unknown> = [
    () => value,
    () => ({ type: 'send', to: pidTag, msg: value }),
    () => ({ type: 'sendNamed', name: 'sink', msg: value }),
    () => ({ type: 'service', name: 'pg', data: value }),
    () => ({ type: 'heartbeat', hears: value }),
    () => ({ type: 'exit', from: value, to: pidTag, reason: 'kill', viaLink: false }),
    () => ({ type: rng.pick(['nodeDown', 'link', 'down', '__proto__', 'constructor']), conn: value }),
  ];
  return serialize(rng.pick(bodies)());
}

/** `seed` changed the ways a broken or hostile sender would: bit flips, cuts, splices, overwritten header fields. */
export function mutate(rng: Rng, seed: Uint8Array, other: Uint8Array): Uint8Array {
  const out = Buffer.from(seed);
  switch (rng.int(6)) {
    case 0:
      for (let i = 1 + rng.int(8); i > 0 && out.length > 0; i--) {
        const at = rng.int(out.length);
        out[at] = (out[at] as number) ^ (1 << rng.int(8));
      }
      return out;
    case 1:
      return out.subarray(0, rng.int(out.length + 1));
    case 2:
      return Buffer.concat([out.subarray(0, rng.int(out.length + 1)), other.subarray(rng.int(other.length + 1))]);
    case 3:
      if (out.length >= 6) out.writeUInt32BE(rng.int(2 ** 32), 2 + 4 * rng.int(Math.floor((Math.min(out.length, 18) - 2) / 4)));
      return out;
    case 4:
      return Buffer.concat([out, Buffer.from(rng.bytes(1 + rng.int(32)))]);
    default: {
      const at = rng.int(out.length + 1);
      return Buffer.concat([out.subarray(0, at), Buffer.from(rng.bytes(1 + rng.int(8))), out.subarray(at)]);
    }
  }
}
