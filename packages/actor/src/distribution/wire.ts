// The distribution wire protocol: a fixed binary header (read before anything is decoded), then a packet encoded with node:v8.
import type { ExitReason } from '../kernel/exit-reason.js';
import { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';
import { decodeState, encodeState, type IdentityCodec } from '../runtime/state-codec.js';

/** The protocol version every frame starts with; a frame of another version is refused. */
export const WIRE_VERSION = 3;

/** The most entries a heartbeat may list (a node hears at most this many others). */
export const MAX_HEARD = 4096;

/** The longest node name the protocol accepts, in UTF-16 code units. */
export const MAX_NODE_NAME = 255;

/**
 * One entry of a heartbeat, about a node the sender hears: its name and creation, the id of the
 * sender's connection to it, the id of its connection to the sender as the sender last heard it
 * (0: none yet), and how many packets the sender has sent on its connection.
 */
export type Heard = [name: string, creation: number, conn: number, echo: number, sent: number];

/** One packet between two nodes. Pids and refs travel as themselves (interned on arrival). */
export type Packet =
  /** `hears`: the nodes the sender hears (liveness and connections are decided both ways). */
  | { type: 'heartbeat'; hears: Heard[] }
  /** The sender ends its connection `conn` to the receiver (0: it is leaving the cluster). */
  | { type: 'nodeDown'; conn: number }
  | { type: 'send'; to: Pid; msg: unknown }
  | { type: 'sendNamed'; name: string; msg: unknown }
  | { type: 'link'; from: Pid; to: Pid }
  | { type: 'unlink'; from: Pid; to: Pid }
  | { type: 'exit'; from: Pid; to: Pid; reason: ExitReason; viaLink: boolean }
  | { type: 'monitor'; from: Pid; to: Pid; ref: Ref }
  | { type: 'demonitor'; from: Pid; to: Pid; ref: Ref }
  | { type: 'down'; to: Pid; ref: Ref; from: Pid; reason: ExitReason }
  /** `from` monitors whatever the receiver has registered as `name` (Erlang's `monitor(process, {Name, Node})`). */
  | { type: 'monitorName'; from: Pid; name: string; ref: Ref }
  | { type: 'demonitorName'; from: Pid; name: string; ref: Ref }
  /** The answer to a `monitorName` of a name nobody holds: the DOWN (`'noproc'`) comes back with the name. */
  | { type: 'downName'; to: Pid; ref: Ref; name: string; reason: ExitReason }
  | { type: 'service'; name: string; data: unknown };

/** The packets that travel outside any connection: liveness and goodbyes. */
export type ControlPacket = Extract<Packet, { type: 'heartbeat' | 'nodeDown' }>;

/** The packets that travel on a connection, numbered. */
export type ConnectionPacket = Exclude<Packet, ControlPacket>;

/**
 * How a frame travels. A control frame carries only its sender's creation. A connection frame also
 * names the receiver's incarnation (`to`), the sender's connection id (`conn`), the receiver's
 * connection id as the sender knows it (`echo`), and its number on that connection (`seq`, from 1).
 */
export type Header =
  | { kind: 'control'; creation: number }
  | { kind: 'connection'; creation: number; to: number; conn: number; echo: number; seq: number };

const CONTROL = 0;
const CONNECTION = 1;
const CONTROL_BYTES = 6;
const CONNECTION_BYTES = 26;
const U32 = 0x1_0000_0000;

type Field = 'pid' | 'ref' | 'string' | 'boolean' | 'u32' | 'heard' | 'any';

/** The fields of each packet type, for validation on arrival. */
const SHAPES: { [T in Packet['type']]: Record<string, Field> } = {
  heartbeat: { hears: 'heard' },
  nodeDown: { conn: 'u32' },
  send: { to: 'pid', msg: 'any' },
  sendNamed: { name: 'string', msg: 'any' },
  link: { from: 'pid', to: 'pid' },
  unlink: { from: 'pid', to: 'pid' },
  exit: { from: 'pid', to: 'pid', reason: 'any', viaLink: 'boolean' },
  monitor: { from: 'pid', to: 'pid', ref: 'ref' },
  demonitor: { from: 'pid', to: 'pid', ref: 'ref' },
  down: { to: 'pid', ref: 'ref', from: 'pid', reason: 'any' },
  monitorName: { from: 'pid', name: 'string', ref: 'ref' },
  demonitorName: { from: 'pid', name: 'string', ref: 'ref' },
  downName: { to: 'pid', ref: 'ref', name: 'string', reason: 'any' },
  service: { name: 'string', data: 'any' },
};

/** True for the packet types that travel outside a connection. */
export function isControl(packet: Packet): packet is ControlPacket {
  return packet.type === 'heartbeat' || packet.type === 'nodeDown';
}

/** The result of {@link encodePacket}. */
export type EncodedPacket = { ok: true; bytes: Buffer } | { ok: false; error: string };

/** The result of {@link decodeFrame}. */
export type DecodedHeader = { ok: true; header: Header; bodyAt: number } | { ok: false; error: string };

/** The result of {@link decodePacket} and {@link validatePacket}. */
export type DecodedPacket = { ok: true; packet: Packet } | { ok: false; error: string };

const isU32 = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < U32;

/** Encodes a packet's body; `error` names what could not be encoded (`packet.msg.fn is a function (fn)`). */
export function encodePacket(packet: Packet, codec: IdentityCodec): EncodedPacket {
  const encoded = encodeState(packet, codec, 'packet');
  return encoded.ok ? { ok: true, bytes: encoded.data } : encoded;
}

/** A frame: `header` written in front of a body from {@link encodePacket}. */
export function frame(header: Header, body: Uint8Array): Buffer {
  const size = header.kind === 'control' ? CONTROL_BYTES : CONNECTION_BYTES;
  const out = Buffer.allocUnsafe(size + body.length);
  out[0] = WIRE_VERSION;
  out[1] = header.kind === 'control' ? CONTROL : CONNECTION;
  out.writeUInt32BE(header.creation, 2);
  if (header.kind === 'connection') {
    out.writeUInt32BE(header.to, 6);
    out.writeUInt32BE(header.conn, 10);
    out.writeUInt32BE(header.echo, 14);
    out.writeDoubleBE(header.seq, 18);
  }
  out.set(body, size);
  return out;
}

/** Reads a frame's header without decoding its body: cheap, and safe on any bytes. */
export function decodeHeader(bytes: Uint8Array): DecodedHeader {
  if (bytes.length < CONTROL_BYTES) return { ok: false, error: `a ${bytes.length}-byte frame is shorter than a header` };
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view[0] !== WIRE_VERSION) return { ok: false, error: `unknown protocol version ${String(view[0])}` };
  const creation = view.readUInt32BE(2);
  if (view[1] === CONTROL) return { ok: true, header: { kind: 'control', creation }, bodyAt: CONTROL_BYTES };
  if (view[1] !== CONNECTION) return { ok: false, error: `unknown frame kind ${String(view[1])}` };
  if (bytes.length < CONNECTION_BYTES) return { ok: false, error: 'a connection frame is cut short' };
  const seq = view.readDoubleBE(18);
  if (!Number.isSafeInteger(seq) || seq < 1) return { ok: false, error: `bad sequence number ${seq}` };
  const header: Header = { kind: 'connection', creation, to: view.readUInt32BE(6), conn: view.readUInt32BE(10), echo: view.readUInt32BE(14), seq };
  return { ok: true, header, bodyAt: CONNECTION_BYTES };
}

function isHeard(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > MAX_HEARD) return false;
  for (const entry of value as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 5) return false;
    const [name, creation, conn, echo, sent] = entry as unknown[];
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NODE_NAME) return false;
    if (!isU32(creation) || !isU32(conn) || !isU32(echo) || typeof sent !== 'number' || !Number.isSafeInteger(sent) || sent < 0) return false;
  }
  return true;
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
    case 'u32':
      return isU32(value);
    case 'heard':
      return isHeard(value);
    case 'any':
      return true;
    default: {
      const never: never = field;
      throw new Error(`unknown field kind ${String(never)}`);
    }
  }
}

/** Checks a decoded body against the protocol: a plain object of a known type with exactly its fields. */
export function validatePacket(value: unknown): DecodedPacket {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return { ok: false, error: 'not a plain object' };
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) return { ok: false, error: `unknown packet type ${typeof type === 'string' ? type.slice(0, 40) : typeof type}` };
  const shape = SHAPES[type as Packet['type']];
  const names = Object.keys(shape);
  if (Object.keys(record).length !== names.length + 1) return { ok: false, error: `${type}: wrong number of fields` };
  for (const name of names) {
    if (!Object.hasOwn(record, name) || !fits(record[name], shape[name] as Field)) return { ok: false, error: `${type}: bad field ${name}` };
  }
  return { ok: true, packet: record as Packet };
}

/**
 * Decodes and validates the body of a frame (from `bodyAt`); pids and refs come back interned by
 * `codec`. Never throws, and allocates no more than the bytes justify (see `decodeState`).
 */
export function decodePacket(bytes: Uint8Array, bodyAt: number, codec: IdentityCodec): DecodedPacket {
  let value: unknown;
  try {
    value = decodeState(Buffer.from(bytes.buffer, bytes.byteOffset + bodyAt, bytes.byteLength - bodyAt), codec);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.slice(0, 200) : 'undecodable' };
  }
  return validatePacket(value);
}
