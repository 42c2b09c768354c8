// Serializes a hibernating process's state to a compact buffer (node:v8) and back, keeping Pid and Ref identity.
import { deserialize, serialize } from 'node:v8';
import { CorralError, ErrorCodes, type ErrorCode } from '../kernel/corral-error.js';
import { Envelope, isEnveloped, TO_ENVELOPE } from '../kernel/envelope.js';
import { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';
import { checkV8Lengths } from './v8-lengths.js';

const PID_TAG = '\u0000corral:pid';
const REF_TAG = '\u0000corral:ref';
const ENVELOPE_TAG = '\u0000corral:envelope';
const ERROR_TAG = '\u0000corral:error';

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

/** Arrays up to this length are walked index by index; longer ones by the elements they have. */
const SPARSE_WALK = 1 << 20;

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
  if (value instanceof CorralError) return { [ERROR_TAG]: [value.code, value.message, toWire(value.reason, codec, seen, `${path}.reason`)] };
  // Exact prototypes only: a subclass (class Registry extends Map) would lose its methods, so it is refused below.
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value) && proto === Array.prototype) {
    const out: unknown[] = [];
    seen.set(value, out);
    if (value.length <= SPARSE_WALK) {
      for (let i = 0; i < value.length; i++) out.push(toWire(value[i], codec, seen, `${path}[${i}]`));
      return out;
    }
    // A long array may be sparse (its length costs nothing): walk the elements it has, not every index.
    out.length = value.length;
    for (const key of Object.keys(value)) (out as unknown as Record<string, unknown>)[key] = toWire((value as unknown as Record<string, unknown>)[key], codec, seen, `${path}[${key}]`);
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

/** A CorralError as it was sent (its code, message and reason); one of an unknown code comes back as a plain Error. */
function reviveError(code: unknown, message: unknown, reason: unknown): Error {
  if (typeof code !== 'string' || !Object.hasOwn(ErrorCodes, code)) return new Error(String(message));
  const error = new CorralError(code as ErrorCode, undefined, { reason });
  error.message = String(message);
  return error;
}

/** Thrown when decoded bytes describe more than they hold (a sparse array's length, a malformed pid). */
class Undecodable extends Error {}

/** How much work a decode may do: about one step per byte received, so a small input cannot cost much. */
interface Budget {
  left: number;
}

function spend(budget: Budget, steps: number): void {
  budget.left -= steps;
  if (budget.left < 0) throw new Undecodable('the data describes more values than its bytes hold');
}

function identityOf(tag: unknown): [string, number, number] {
  if (!Array.isArray(tag) || tag.length !== 3) throw new Undecodable('a malformed pid or ref');
  const [node, creation, id] = tag as unknown[];
  if (typeof node !== 'string' || node.length === 0 || !Number.isSafeInteger(creation) || !Number.isSafeInteger(id)) throw new Undecodable('a malformed pid or ref');
  return [node, creation as number, id as number];
}

function arrayFromWire(value: unknown[], codec: IdentityCodec, seen: Set<object>, budget: Budget): unknown[] {
  // A dense walk only when the length is within the budget: a sparse array's length costs no bytes.
  if (value.length <= budget.left) {
    spend(budget, value.length);
    for (let i = 0; i < value.length; i++) value[i] = fromWire(value[i], codec, seen, budget);
    return value;
  }
  const keys = Object.keys(value);
  spend(budget, keys.length);
  for (const key of keys) (value as unknown as Record<string, unknown>)[key] = fromWire((value as unknown as Record<string, unknown>)[key], codec, seen, budget);
  return value;
}

function fromWire(value: unknown, codec: IdentityCodec, seen: Set<object>, budget: Budget): unknown {
  if (typeof value !== 'object' || value === null || seen.has(value) || isOpaqueData(value)) return value;
  seen.add(value);
  spend(budget, 1);
  if (Array.isArray(value)) return arrayFromWire(value, codec, seen, budget);
  if (value instanceof Map) {
    const entries = [...value];
    spend(budget, entries.length);
    value.clear();
    for (const [k, v] of entries) value.set(fromWire(k, codec, seen, budget), fromWire(v, codec, seen, budget));
    return value;
  }
  if (value instanceof Set) {
    const members = [...value];
    spend(budget, members.length);
    value.clear();
    for (const v of members) value.add(fromWire(v, codec, seen, budget));
    return value;
  }
  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, PID_TAG)) return codec.revivePid(...identityOf(record[PID_TAG]));
  if (Object.hasOwn(record, REF_TAG)) return codec.reviveRef(...identityOf(record[REF_TAG]));
  if (Object.hasOwn(record, ERROR_TAG)) {
    const error = record[ERROR_TAG];
    if (!Array.isArray(error) || error.length !== 3) throw new Undecodable('a malformed error');
    return reviveError(error[0], error[1], fromWire(error[2], codec, seen, budget));
  }
  if (Object.hasOwn(record, ENVELOPE_TAG)) {
    const envelope = record[ENVELOPE_TAG];
    if (!Array.isArray(envelope) || envelope.length !== 2 || typeof envelope[0] !== 'string') throw new Undecodable('a malformed envelope');
    return new Envelope(envelope[0], fromWire(envelope[1], codec, seen, budget));
  }
  const keys = Object.keys(record);
  spend(budget, keys.length);
  for (const key of keys) record[key] = fromWire(record[key], codec, seen, budget);
  return value;
}

/**
 * Serializes `state` with node:v8. Plain objects, arrays, Map, Set, Date, RegExp, Error, bigint,
 * ArrayBuffer and its views (Buffer, Uint8Array...), Pid and Ref round-trip, shared and cyclic
 * references included; a `CorralError` keeps its code, message and reason (not its stack); a system message with a `TO_ENVELOPE` method comes back as its {@link Envelope}. Anything else (a function, a symbol, a class instance such as a socket) is
 * refused with a message naming where it is (from `root`), rather than silently losing its prototype.
 */
export function encodeState(state: unknown, codec: IdentityCodec, root = 'state'): EncodeResult {
  try {
    return { ok: true, data: serialize(toWire(state, codec, new Map(), root)) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads back what {@link encodeState} wrote; pids and refs come back as the interned objects. Safe on
 * bytes from anywhere: it throws (never hangs or exhausts memory) on bytes that are not such data.
 * node:v8's deserializer checks each length it reads against the bytes left, except a sparse
 * array's, which `checkV8Lengths` bounds before it runs; the walk that revives pids and refs takes
 * about one step per byte, no more.
 */
export function decodeState(data: Buffer, codec: IdentityCodec): unknown {
  const refused = checkV8Lengths(data);
  if (refused !== null) throw new Undecodable(refused);
  return fromWire(deserialize(data), codec, new Set(), { left: data.length + 16 });
}
