// The envelope of a packet on a Redis channel: the sending node's name, then the transport's bytes.

/** A decoded envelope, or why a message on a channel is not one. */
export type Opened = { ok: true; from: string; bytes: Uint8Array } | { ok: false; error: string };

/** The longest node name an envelope carries (its length travels as an unsigned 16-bit number). */
export const MAX_NAME_BYTES = 0xffff;

/** The fixed header of every envelope a node sends: its name's length (big-endian u16), then the name in UTF-8. */
export function envelopeHeader(from: string): Buffer {
  const name = Buffer.from(from, 'utf8');
  if (name.length > MAX_NAME_BYTES) throw new RangeError(`a node name is at most ${MAX_NAME_BYTES} bytes in UTF-8`);
  const header = Buffer.allocUnsafe(2 + name.length);
  header.writeUInt16BE(name.length, 0);
  name.copy(header, 2);
  return header;
}

/** `bytes` sealed in an envelope that starts with `header` (from {@link envelopeHeader}). */
export function seal(header: Buffer, bytes: Uint8Array): Buffer {
  return Buffer.concat([header, bytes], header.length + bytes.length);
}

/** Opens an envelope: the sender's name and the bytes, which share `message`'s memory. */
export function open(message: Buffer): Opened {
  if (message.length < 2) return { ok: false, error: `a ${message.length}-byte message is shorter than an envelope header` };
  const nameLength = message.readUInt16BE(0);
  if (message.length < 2 + nameLength) return { ok: false, error: `the sender's name is cut short (${message.length - 2} of ${nameLength} bytes)` };
  const from = message.toString('utf8', 2, 2 + nameLength);
  if (from.length === 0) return { ok: false, error: 'the sender has no name' };
  return { ok: true, from, bytes: message.subarray(2 + nameLength) };
}
