// An attacker on the cluster's Redis: envelopes and frames built by hand from the documented formats (not by the code under test).
import { randomBytes } from 'node:crypto';
import { serialize } from 'node:v8';

/** The distribution protocol's version byte (wire.ts). */
const WIRE_VERSION = 3;

/** A control frame (heartbeats, goodbyes): version, kind 0, the sender's creation (u32 BE), then the v8 body. */
export function controlFrame(creation: number, body: Uint8Array): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt8(WIRE_VERSION, 0);
  head.writeUInt32BE(creation, 2);
  return Buffer.concat([head, body]);
}

/** The header fields of a connection frame. */
export interface ConnectionFields {
  creation: number;
  to: number;
  conn: number;
  echo: number;
  seq: number;
}

/** A connection frame: version, kind 1, creation, the receiver's creation, the two connection ids, the sequence number (f64 BE), the body. */
export function connectionFrame(f: ConnectionFields, body: Uint8Array): Buffer {
  const head = Buffer.alloc(26);
  head.writeUInt8(WIRE_VERSION, 0);
  head.writeUInt8(1, 1);
  head.writeUInt32BE(f.creation, 2);
  head.writeUInt32BE(f.to, 6);
  head.writeUInt32BE(f.conn, 10);
  head.writeUInt32BE(f.echo, 14);
  head.writeDoubleBE(f.seq, 18);
  return Buffer.concat([head, body]);
}

/** A pid as it travels inside a body. */
export function pidTag(node: string, creation: number, id: number): Record<string, unknown> {
  return { ['\u0000corral:pid']: [node, creation, id] };
}

/** A v8 body. */
export const body = (value: unknown): Buffer => serialize(value);

/** `n` as a v8 varint. */
function varint(n: number): number[] {
  return n < 128 ? [n] : [(n % 128) | 0x80, ...varint(Math.floor(n / 128))];
}

/**
 * v8 bytes of `value` with the string `'SPARSE'` in it replaced by an empty sparse array of `length`
 * (a few bytes, whatever the length): the packets that crashed nodes before issue 17.
 */
export function withSparse(value: unknown, length: number): Buffer {
  const bytes = serialize(value);
  const mark = serialize('SPARSE').subarray(2);
  const at = bytes.indexOf(mark);
  const sparse = Buffer.from([0x61, ...varint(length), 0x40, 0x00, ...varint(length)]);
  return Buffer.concat([bytes.subarray(0, at), sparse, bytes.subarray(at + mark.length)]);
}

/**
 * A Redis message in the name of node `from` holding `packets`: a plain envelope (version 1), or with
 * `signed` a version-2 envelope whose seal (counter and MAC) is 40 random bytes: signed with a secret
 * the attacker does not have.
 */
export function envelope(from: string, packets: readonly Uint8Array[], signed = false): Buffer {
  const name = Buffer.from(from, 'utf8');
  const head = Buffer.alloc(3);
  head.writeUInt8(signed ? 2 : 1, 0);
  head.writeUInt16BE(name.length, 1);
  const parts: Buffer[] = [head, name];
  if (signed) parts.push(randomBytes(40));
  for (const packet of packets) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(packet.length, 0);
    parts.push(length, Buffer.from(packet));
  }
  return Buffer.concat(parts);
}

/** The sender named in an envelope (who published it, as it claims). */
export function senderOf(message: Buffer): string {
  return message.length < 3 ? '' : message.toString('utf8', 3, 3 + message.readUInt16BE(1));
}
