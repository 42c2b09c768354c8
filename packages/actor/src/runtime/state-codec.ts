// Serializes a hibernating process's state to a compact buffer (node:v8) and back, keeping Pid and Ref identity.
import { deserialize, serialize } from 'node:v8';
import { Envelope, isEnveloped, TO_ENVELOPE } from '../kernel/envelope.js';
import { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';

const PID_TAG = '\u0000corral:pid';
const REF_TAG = '\u0000corral:ref';
const ENVELOPE_TAG = '\u0000corral:envelope';

/** How pids and refs leave and come back: the node interns them so they stay `===`. */
export interface IdentityCodec {
  /** Called for each pid written, so that the same object can be returned when it is read back. */
  rememberPid(pid: Pid): void;
  rememberRef(ref: Ref): void;
  revivePid(node: string, creation: number, id: number): Pid;
  reviveRef(node: string, creation: number, id: number): Ref;
}

/** The result of {@link encodeState}. */
export type EncodeResult = { ok: true; data: Buffer } | { ok: false; error: string };

class Unserializable extends Error {}

const PLAIN_PROTOS = new Set<unknown>([Object.prototype, null]);
const ERROR_PROTOS = new Set<unknown>([
  Error.prototype, TypeError.prototype, RangeError.prototype, SyntaxError.prototype,
  ReferenceError.prototype, EvalError.prototype, URIError.prototype,
]);

function isOpaqueData(value: object): boolean {
  return value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value) || value instanceof ArrayBuffer
    || ERROR_PROTOS.has(Object.getPrototypeOf(value));
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value === 'symbol') return 'a symbol';
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return `an instance of ${ctor ?? 'an unknown class'}`;
}

function toWire(value: unknown, codec: IdentityCodec, seen: Map<object, unknown>, path: string): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') throw new Unserializable(`${path} is ${describe(value)}`);
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (value instanceof Pid) {
    codec.rememberPid(value);
    return { [PID_TAG]: [value.home.name, value.home.creation, value.id] };
  }
  if (value instanceof Ref) {
    codec.rememberRef(value);
    return { [REF_TAG]: [value.home.name, value.home.creation, value.id] };
  }
  // Exact prototypes only: a subclass (class Registry extends Map) would lose its methods, so it is refused below.
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value) && proto === Array.prototype) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out.push(toWire(value[i], codec, seen, `${path}[${i}]`));
    return out;
  }
  if (value instanceof Map && proto === Map.prototype) {
    const out = new Map<unknown, unknown>();
    seen.set(value, out);
    for (const [k, v] of value) out.set(toWire(k, codec, seen, `${path}.<key>`), toWire(v, codec, seen, `${path}.get(${String(k)})`));
    return out;
  }
  if (value instanceof Set && proto === Set.prototype) {
    const out = new Set<unknown>();
    seen.set(value, out);
    for (const v of value) out.add(toWire(v, codec, seen, `${path}.<member>`));
    return out;
  }
  if (isOpaqueData(value)) return value;
  if (!PLAIN_PROTOS.has(proto) && isEnveloped(value)) {
    const envelope = value[TO_ENVELOPE]();
    return { [ENVELOPE_TAG]: [envelope.kind, toWire(envelope.body, codec, seen, `${path}.body`)] };
  }
  if (!PLAIN_PROTOS.has(proto)) throw new Unserializable(`${path} is ${describe(value)}`);
  if (Object.getOwnPropertySymbols(value).length > 0) throw new Unserializable(`${path} has symbol keys`);
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) out[key] = toWire((value as Record<string, unknown>)[key], codec, seen, `${path}.${key}`);
  return out;
}

function fromWire(value: unknown, codec: IdentityCodec, seen: Set<object>): unknown {
  if (typeof value !== 'object' || value === null || seen.has(value) || isOpaqueData(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromWire(value[i], codec, seen);
    return value;
  }
  if (value instanceof Map) {
    const entries = [...value];
    value.clear();
    for (const [k, v] of entries) value.set(fromWire(k, codec, seen), fromWire(v, codec, seen));
    return value;
  }
  if (value instanceof Set) {
    const members = [...value];
    value.clear();
    for (const v of members) value.add(fromWire(v, codec, seen));
    return value;
  }
  const record = value as Record<string, unknown>;
  const pid = record[PID_TAG] as [string, number, number] | undefined;
  if (pid !== undefined) return codec.revivePid(pid[0], pid[1], pid[2]);
  const ref = record[REF_TAG] as [string, number, number] | undefined;
  if (ref !== undefined) return codec.reviveRef(ref[0], ref[1], ref[2]);
  const envelope = record[ENVELOPE_TAG] as [unknown, unknown] | undefined;
  if (Array.isArray(envelope) && typeof envelope[0] === 'string') return new Envelope(envelope[0], fromWire(envelope[1], codec, seen));
  for (const key of Object.keys(record)) record[key] = fromWire(record[key], codec, seen);
  return value;
}

/**
 * Serializes `state` with node:v8. Plain objects, arrays, Map, Set, Date, RegExp, Error, bigint,
 * ArrayBuffer and its views (Buffer, Uint8Array...), Pid and Ref round-trip, shared and cyclic
 * references included; a system message with a `TO_ENVELOPE` method comes back as its {@link Envelope}. Anything else (a function, a symbol, a class instance such as a socket) is
 * refused with a message naming where it is (from `root`), rather than silently losing its prototype.
 */
export function encodeState(state: unknown, codec: IdentityCodec, root = 'state'): EncodeResult {
  try {
    return { ok: true, data: serialize(toWire(state, codec, new Map(), root)) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads back what {@link encodeState} wrote; pids and refs come back as the interned objects. */
export function decodeState(data: Buffer, codec: IdentityCodec): unknown {
  return fromWire(deserialize(data), codec, new Set());
}
