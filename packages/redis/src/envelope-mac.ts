// EnvelopeMac: the cluster secret's HMAC-SHA256 over a signed envelope, the channel it travels on and its counter.
import * as crypto from 'node:crypto';
import { SEAL_BYTES } from './envelope.js';

/** Counters fit a u64 on the wire but stay exact JavaScript numbers: a larger one is refused as malformed. */
const MAX_COUNTER = Number.MAX_SAFE_INTEGER;

/** SHA-256's block size: HMAC's padded key is one block. */
const BLOCK_BYTES = 64;
/** Messages up to this size are hashed from a reused scratch buffer with one-shot hashes; larger ones are streamed through `createHmac`. */
const SCRATCH_BYTES = 64 * 1024;
/** `crypto.hash` (one call, no hash object): Node.js 20.12 and later. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer }).hash;

/** The shortest secret accepted, in bytes. */
export const MIN_SECRET_BYTES = 16;

/** A checked seal: the counter it carries, or why it does not hold. */
export type Verified = { ok: true; counter: number } | { ok: false; reason: 'mac' | 'malformed'; error: string };

/**
 * Signs and checks envelopes with a key derived from the cluster secret (HKDF-SHA256, so the secret
 * itself is never the MAC key). The MAC covers the envelope's header (version, sender name), its
 * counter, the name of the channel it is published on (a bundle for one node cannot be replayed into
 * another's channel or the broadcast channel) and its packets: one HMAC per Redis message.
 */
export class EnvelopeMac {
  private readonly key: crypto.KeyObject;
  /** The key XOR HMAC's inner pad, then room for the message: the inner hash's input. */
  private readonly inner = Buffer.alloc(SCRATCH_BYTES);
  /** The key XOR HMAC's outer pad, then the inner hash: the outer hash's input. */
  private readonly outer = Buffer.alloc(BLOCK_BYTES + 32);

  /** `secret`: at least {@link MIN_SECRET_BYTES} bytes (a string counts in UTF-8). */
  constructor(secret: string | Uint8Array) {
    const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    if (bytes.length < MIN_SECRET_BYTES) throw new RangeError(`a cluster secret is at least ${MIN_SECRET_BYTES} bytes`);
    const key = Buffer.from(crypto.hkdfSync('sha256', bytes, 'corral/redis', 'envelope mac v2', 32));
    this.key = crypto.createSecretKey(key);
    for (let i = 0; i < BLOCK_BYTES; i++) {
      this.inner[i] = (key[i] ?? 0) ^ 0x36;
      this.outer[i] = (key[i] ?? 0) ^ 0x5c;
    }
  }

  /** Fills the seal of `envelope` (at `nameEnd`, left by `seal`) with `counter` and the MAC for `channel` (its name in UTF-8, length-prefixed by {@link channelTag}). */
  sign(envelope: Buffer, nameEnd: number, channelTag: Buffer, counter: number): void {
    envelope.writeUInt32BE(Math.floor(counter / 2 ** 32), nameEnd);
    envelope.writeUInt32BE(counter >>> 0, nameEnd + 4);
    this.digest(envelope, nameEnd, channelTag).copy(envelope, nameEnd + 8);
  }

  /** Checks the seal of `envelope` (signed, its name ending at `nameEnd`) received on the channel `channelTag` names. */
  verify(envelope: Buffer, nameEnd: number, channelTag: Buffer): Verified {
    const expected = this.digest(envelope, nameEnd, channelTag);
    const given = envelope.subarray(nameEnd + 8, nameEnd + SEAL_BYTES);
    if (!crypto.timingSafeEqual(expected, given)) return { ok: false, reason: 'mac', error: 'its MAC does not match (another secret, or forged)' };
    const high = envelope.readUInt32BE(nameEnd);
    const counter = high * 2 ** 32 + envelope.readUInt32BE(nameEnd + 4);
    if (counter > MAX_COUNTER) return { ok: false, reason: 'malformed', error: `its counter ${high} * 2^32 + ... is out of range` };
    return { ok: true, counter };
  }

  /** HMAC-SHA256 over the header and counter, the channel tag, and the packets. */
  private digest(envelope: Buffer, nameEnd: number, channelTag: Buffer): Buffer {
    const head = nameEnd + 8;
    const body = nameEnd + SEAL_BYTES;
    const length = BLOCK_BYTES + head + channelTag.length + envelope.length - body;
    if (oneShot === undefined || length > SCRATCH_BYTES) {
      return crypto.createHmac('sha256', this.key).update(envelope.subarray(0, head)).update(channelTag).update(envelope.subarray(body)).digest();
    }
    // HMAC by its definition (RFC 2104) with two one-shot hashes: no hash objects, so less garbage per message.
    let at = BLOCK_BYTES + envelope.copy(this.inner, BLOCK_BYTES, 0, head);
    at += channelTag.copy(this.inner, at);
    at += envelope.copy(this.inner, at, body);
    oneShot('sha256', this.inner.subarray(0, at), 'buffer').copy(this.outer, BLOCK_BYTES);
    return oneShot('sha256', this.outer, 'buffer');
  }
}

/** A channel's name as the MAC covers it: its UTF-8 bytes after their length (u32 big-endian), so no two channels collide. */
export function channelTag(channel: string | Buffer): Buffer {
  const name = typeof channel === 'string' ? Buffer.from(channel, 'utf8') : channel;
  const tag = Buffer.allocUnsafe(4 + name.length);
  tag.writeUInt32BE(name.length, 0);
  name.copy(tag, 4);
  return tag;
}
