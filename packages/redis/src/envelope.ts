// The envelope of a Redis message: a version byte, the sending node's name, a seal when signed, then one or more packets.

/** Envelope versions: `plain` carries no seal (a cluster without a secret), `signed` a counter and a MAC after the name. */
export const ENVELOPE_VERSION = { plain: 1, signed: 2 } as const;

/** A version of {@link ENVELOPE_VERSION}. */
export type EnvelopeVersion = (typeof ENVELOPE_VERSION)[keyof typeof ENVELOPE_VERSION];

/** The longest node name an envelope carries (its length travels as an unsigned 16-bit number). */
export const MAX_NAME_BYTES = 0xffff;

/** Bytes in front of each packet of an envelope: its length, as an unsigned 32-bit big-endian number. */
export const PACKET_PREFIX_BYTES = 4;

/** Bytes of a signed envelope's seal, between the name and the packets: the counter (u64 big-endian), then the HMAC-SHA256. */
export const SEAL_BYTES = 8 + 32;

/** The header of a received envelope: who sent it, and where its seal (if signed) and its packets start. */
export interface EnvelopeHeader {
  version: EnvelopeVersion;
  from: string;
  /** The offset of the seal (signed) or of the packets (plain): the end of the name. */
  nameEnd: number;
  /** The offset of the first packet. */
  packetsStart: number;
}

/** A result, or why a message on a channel is not an envelope. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The fixed header of every envelope a node sends: the version, the name's length (big-endian u16), then the name in UTF-8. */
export function envelopeHeader(from: string, version: EnvelopeVersion): Buffer {
  const name = Buffer.from(from, 'utf8');
  if (name.length > MAX_NAME_BYTES) throw new RangeError(`a node name is at most ${MAX_NAME_BYTES} bytes in UTF-8`);
  const header = Buffer.allocUnsafe(3 + name.length);
  header.writeUInt8(version, 0);
  header.writeUInt16BE(name.length, 1);
  name.copy(header, 3);
  return header;
}

/** How many bytes {@link seal} writes for `count` packets holding `bytes` bytes after `header` (and `sealBytes` for the seal). */
export function sealedLength(header: Buffer, sealBytes: number, count: number, bytes: number): number {
  return header.length + sealBytes + PACKET_PREFIX_BYTES * count + bytes;
}

/**
 * `packets` (holding `bytes` bytes in all) in one envelope that starts with `header` (from
 * {@link envelopeHeader}), each after its length; `sealBytes` bytes are left (uninitialized) after the
 * header for the signer to fill ({@link SEAL_BYTES} for a signed envelope, 0 for a plain one).
 */
export function seal(header: Buffer, sealBytes: number, packets: readonly Uint8Array[], bytes: number): Buffer {
  const out = Buffer.allocUnsafe(sealedLength(header, sealBytes, packets.length, bytes));
  let at = header.copy(out, 0) + sealBytes;
  for (const packet of packets) {
    at = out.writeUInt32BE(packet.length, at);
    out.set(packet, at);
    at += packet.length;
  }
  return out;
}

/** Reads an envelope's header: its version, the sender's name, where its seal and its packets start. Nothing past the header is looked at. */
export function readHeader(message: Buffer): Parsed<EnvelopeHeader> {
  if (message.length < 3) return { ok: false, error: `a ${message.length}-byte message is shorter than an envelope header` };
  const version = message.readUInt8(0);
  if (version !== ENVELOPE_VERSION.plain && version !== ENVELOPE_VERSION.signed) return { ok: false, error: `unknown envelope version ${version}` };
  const nameLength = message.readUInt16BE(1);
  const nameEnd = 3 + nameLength;
  if (message.length < nameEnd) return { ok: false, error: `the sender's name is cut short (${message.length - 3} of ${nameLength} bytes)` };
  if (nameLength === 0) return { ok: false, error: 'the sender has no name' };
  const packetsStart = nameEnd + (version === ENVELOPE_VERSION.signed ? SEAL_BYTES : 0);
  if (message.length < packetsStart) return { ok: false, error: 'the seal is cut short' };
  if (message.length === packetsStart) return { ok: false, error: 'the envelope holds no packet' };
  return { ok: true, value: { version, from: message.toString('utf8', 3, nameEnd), nameEnd, packetsStart } };
}

/** The packets of `message` from `start` on, in order (sharing its memory), or an error when any is malformed (then none is taken). */
export function readPackets(message: Buffer, start: number): Parsed<Uint8Array[]> {
  const packets: Uint8Array[] = [];
  for (let at = start; at < message.length;) {
    if (message.length - at < PACKET_PREFIX_BYTES) return { ok: false, error: `packet ${packets.length + 1}'s length is cut short` };
    const length = message.readUInt32BE(at);
    at += PACKET_PREFIX_BYTES;
    if (message.length - at < length) return { ok: false, error: `packet ${packets.length + 1} is cut short (${message.length - at} of ${length} bytes)` };
    packets.push(message.subarray(at, at + length));
    at += length;
  }
  return { ok: true, value: packets };
}
