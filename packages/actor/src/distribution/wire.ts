// The distribution wire protocol: packets as data, encoded with node:v8 through the state codec.
import type { ExitReason } from '../kernel/exit-reason.js';
import { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';
import { decodeState, encodeState, type IdentityCodec } from '../runtime/state-codec.js';

/** The protocol version every frame carries; a frame of another version is refused. */
export const WIRE_VERSION = 2;

/** One packet between two nodes. Pids and refs travel as themselves (interned on arrival). */
export type Packet =
  /** `hears`: the nodes the sender hears, as `[name, creation]` (liveness is decided both ways). */
  | { type: 'heartbeat'; hears: Array<[string, number]> }
  | { type: 'send'; to: Pid; msg: unknown }
  | { type: 'sendNamed'; name: string; msg: unknown }
  | { type: 'link'; from: Pid; to: Pid }
  | { type: 'unlink'; from: Pid; to: Pid }
  | { type: 'exit'; from: Pid; to: Pid; reason: ExitReason; viaLink: boolean }
  | { type: 'monitor'; from: Pid; to: Pid; ref: Ref }
  | { type: 'demonitor'; from: Pid; to: Pid; ref: Ref }
  | { type: 'down'; to: Pid; ref: Ref; from: Pid; reason: ExitReason }
  | { type: 'service'; name: string; data: unknown }
  | { type: 'nodeDown' };

/** A packet with the incarnation of the node that sent it. */
export interface Frame {
  creation: number;
  packet: Packet;
}

type Field = 'pid' | 'ref' | 'string' | 'boolean' | 'nodes' | 'any';

/** The fields of each packet type, for validation on arrival. */
const SHAPES: { [T in Packet['type']]: Record<string, Field> } = {
  heartbeat: { hears: 'nodes' },
  send: { to: 'pid', msg: 'any' },
  sendNamed: { name: 'string', msg: 'any' },
  link: { from: 'pid', to: 'pid' },
  unlink: { from: 'pid', to: 'pid' },
  exit: { from: 'pid', to: 'pid', reason: 'any', viaLink: 'boolean' },
  monitor: { from: 'pid', to: 'pid', ref: 'ref' },
  demonitor: { from: 'pid', to: 'pid', ref: 'ref' },
  down: { to: 'pid', ref: 'ref', from: 'pid', reason: 'any' },
  service: { name: 'string', data: 'any' },
  nodeDown: {},
};

/** The result of {@link encodeFrame}. */
export type EncodedFrame = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** The result of {@link decodeFrame}. */
export type DecodedFrame = { ok: true; frame: Frame } | { ok: false; error: string };

/** Encodes a frame; `error` names what could not be encoded (`packet.msg.fn is a function (fn)`). */
export function encodeFrame(frame: Frame, codec: IdentityCodec): EncodedFrame {
  const encoded = encodeState({ v: WIRE_VERSION, c: frame.creation, ...frame.packet }, codec, 'packet');
  return encoded.ok ? { ok: true, bytes: encoded.data } : encoded;
}

function fits(value: unknown, field: Field): boolean {
  switch (field) {
    case 'pid':
      return value instanceof Pid;
    case 'ref':
      return value instanceof Ref;
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'nodes':
      return Array.isArray(value) && value.every((n) => Array.isArray(n) && n.length === 2 && typeof n[0] === 'string' && typeof n[1] === 'number');
    case 'any':
      return true;
    default: {
      const never: never = field;
      throw new Error(`unknown field kind ${String(never)}`);
    }
  }
}

/** Checks a decoded value against the protocol: the frame, or why it is not one. */
export function validateFrame(value: unknown): DecodedFrame {
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'not an object' };
  const { v, c, type, ...fields } = value as Record<string, unknown>;
  if (v !== WIRE_VERSION) return { ok: false, error: `unknown protocol version ${String(v)}` };
  if (typeof c !== 'number' || !Number.isInteger(c)) return { ok: false, error: 'no creation' };
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) return { ok: false, error: `unknown packet type ${String(type)}` };
  const shape = SHAPES[type as Packet['type']];
  for (const [name, field] of Object.entries(shape)) {
    if (!Object.hasOwn(fields, name) || !fits(fields[name], field)) return { ok: false, error: `${type}: bad field ${name}` };
  }
  return { ok: true, frame: { creation: c, packet: { type, ...fields } as Packet } };
}

/** Decodes and validates a frame; pids and refs come back interned by `codec`. Never throws. */
export function decodeFrame(bytes: Uint8Array, codec: IdentityCodec): DecodedFrame {
  let value: unknown;
  try {
    value = decodeState(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), codec);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return validateFrame(value);
}
