// Follows frame boundaries in a client's byte stream to refuse non-minimal length encodings, which ws's Receiver accepts.

/** The longest frame header: 2 bytes, a 64-bit length, a 4-byte mask. */
const MAX_HEADER = 14;

/** The length of a header whose second byte is `b1`: its length form and mask bit decide. */
function headerLength(b1: number): number {
  const len7 = b1 & 0x7f;
  return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + ((b1 & 0x80) !== 0 ? 4 : 0);
}

/**
 * RFC 6455 §5.2 requires the minimal number of bytes for the payload length, and Cowboy closes with
 * 1002 otherwise (spec §1.5); ws's Receiver does not check it. This scanner reads only the frame
 * headers of the stream (payloads are skipped in O(1)) and reports the first frame whose 16-bit
 * length is below 126 or whose 64-bit length is below 65536. Other header errors are left to the
 * Receiver. Pure: bytes in, a position out.
 */
export class LengthEncodingCheck {
  private readonly header = Buffer.alloc(MAX_HEADER);
  private have = 0;
  /** Payload bytes of the current frame still to skip. */
  private skip = 0;

  /**
   * Scans `chunk`, the next bytes of the stream. Returns -1 when every header in it is minimal,
   * else the offset in `chunk` where the offending frame starts (0 when it started in an earlier chunk):
   * the bytes before it hold only frames that came first.
   */
  scan(chunk: Buffer): number {
    let i = 0;
    let frameStart = this.have > 0 ? 0 : -1;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      if (this.have === 0) frameStart = i;
      this.header[this.have++] = chunk[i++] as number;
      if (this.have < 2 || this.have < headerLength(this.header[1] as number)) continue;
      if (!this.minimal()) return frameStart;
      this.have = 0;
    }
    return -1;
  }

  /** Checks the complete header in `header`, and sets the payload to skip. */
  private minimal(): boolean {
    const len7 = (this.header[1] as number) & 0x7f;
    if (len7 < 126) {
      this.skip = len7;
      return true;
    }
    const length = len7 === 126 ? this.header.readUInt16BE(2) : Number(this.header.readBigUInt64BE(2));
    this.skip = length;
    return len7 === 126 ? length >= 126 : length > 0xffff;
  }
}
