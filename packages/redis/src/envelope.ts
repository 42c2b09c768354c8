// The envelope of a Redis message: a version byte, the sending node's name, then one or more of the transport's packets.

/** A decoded envelope (the packets share the message's memory), or why a message on a channel is not one. */
export type Opened = { ok: true; from: string; packets: Uint8Array[] } | { ok: false; error: string };

/** The envelope format this transport writes and reads; a message of another version is refused. */
export const ENVELOPE_VERSION = 1;

/** The longest node name an envelope carries (its length travels as an unsigned 16-bit number). */
export const MAX_NAME_BYTES = 0xffff;

/** Bytes in front of each packet of an envelope: its length, as an unsigned 32-bit big-endian number. */
export const PACKET_PREFIX_BYTES = 4;

/** The fixed header of every envelope a node sends: the version, the name's length (big-endian u16), then the name in UTF-8. */
export function envelopeHeader(from: string): Buffer {
  const name = Buffer.from(from, 'utf8');
  if (name.length > MAX_NAME_BYTES) throw new RangeError(`a node name is at most ${MAX_NAME_BYTES} bytes in UTF-8`);
  const header = Buffer.allocUnsafe(3 + name.length);
  header.writeUInt8(ENVELOPE_VERSION, 0);
  header.writeUInt16BE(name.length, 1);
  name.copy(header, 3);
  return header;
}

/** `packets` (holding `bytes` bytes in all) sealed in one envelope that starts with `header` (from {@link envelopeHeader}), each after its length. */
export function seal(header: Buffer, packets: readonly Uint8Array[], bytes: number): Buffer {
  const out = Buffer.allocUnsafe(header.length + PACKET_PREFIX_BYTES * packets.length + bytes);
  let at = header.copy(out, 0);
  for (const packet of packets) {
    at = out.writeUInt32BE(packet.length, at);
    out.set(packet, at);
    at += packet.length;
  }
  return out;
}

/** Opens an envelope: the sender's name and its packets in order, or an error when any part of it is malformed (then no packet is taken). */
export function open(message: Buffer): Opened {
  if (message.length < 3) return { ok: false, error: `a ${message.length}-byte message is shorter than an envelope header` };
  const version = message.readUInt8(0);
  if (version !== ENVELOPE_VERSION) return { ok: false, error: `unknown envelope version ${version}` };
  const nameLength = message.readUInt16BE(1);
  const start = 3 + nameLength;
  if (message.length < start) return { ok: false, error: `the sender's name is cut short (${message.length - 3} of ${nameLength} bytes)` };
  const from = message.toString('utf8', 3, start);
  if (from.length === 0) return { ok: false, error: 'the sender has no name' };
  if (message.length === start) return { ok: false, error: 'the envelope holds no packet' };
  const packets: Uint8Array[] = [];
  for (let at = start; at < message.length;) {
    if (message.length - at < PACKET_PREFIX_BYTES) return { ok: false, error: `packet ${packets.length + 1}'s length is cut short` };
    const length = message.readUInt32BE(at);
    at += PACKET_PREFIX_BYTES;
    if (message.length - at < length) return { ok: false, error: `packet ${packets.length + 1} is cut short (${message.length - at} of ${length} bytes)` };
    packets.push(message.subarray(at, at + length));
    at += length;
  }
  return { ok: true, from, packets };
}
