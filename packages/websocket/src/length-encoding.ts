// Follows frame boundaries in a client's byte stream to refuse non-minimal length encodings, which ws's Receiver accepts.

/** The bytes of the extended payload length that follow a 7-bit length field of `len7`. */
function extendedBytes(len7: number): number {
  return len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
}

/** The length of a header whose second byte is `b1`: its length form and mask bit decide. */
function headerLength(b1: number): number {
  return 2 + extendedBytes(b1 & 0x7f) + ((b1 & 0x80) !== 0 ? 4 : 0);
}

/** Whether a payload length of `length`, written in the form of `len7` (126: 16 bits, 127: 64 bits), is minimal. */
function isMinimal(len7: number, length: number): boolean {
  return len7 < 126 || (len7 === 126 ? length >= 126 : length > 0xffff);
}

/**
 * RFC 6455 §5.2 requires the minimal number of bytes for the payload length, and Cowboy closes with
 * 1002 otherwise (spec §1.5); ws's Receiver does not check it. This scanner reads only the frame
 * headers of the stream (payloads are skipped in O(1)) and reports the first frame whose 16-bit
 * length is below 126 or whose 64-bit length is below 65536. Other header errors are left to the
 * Receiver. Pure: bytes in, a position out. A header read whole from one chunk is decoded in place;
 * one split across chunks is followed byte by byte, its progress kept in numbers (no buffer).
 */
export class LengthEncodingCheck {
  /** Bytes of the current header seen so far (0: at a frame boundary). */
  private have = 0;
  /** The current header's first two bytes, as `b0 << 8 | b1`, once seen. */
  private header = 0;
  /** The extended length read so far (big-endian; exact up to 2^53, which ws's Receiver enforces). */
  private length = 0;
  /** Payload bytes of the current frame still to skip. */
  private skip = 0;
  /** A fragmented message is in progress: its last data frame had no FIN (control frames may come between). */
  private fragmented = false;

  /** True between two messages: no header or payload half read, no fragmented message in progress. */
  atMessageBoundary(): boolean {
    return this.have === 0 && this.skip === 0 && !this.fragmented;
  }

  /**
   * Scans `chunk`, the next bytes of the stream. Returns -1 when every header in it is minimal,
   * else the offset in `chunk` where the offending frame starts (0 when it started in an earlier chunk):
   * the bytes before it hold only frames that came first.
   */
  scan(chunk: Buffer): number {
    const end = chunk.length;
    let i = 0;
    while (i < end) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, end - i);
        this.skip -= n;
        i += n;
      } else if (this.have === 0 && end - i >= 2 && end - i >= headerLength(chunk[i + 1] as number)) {
        const len7 = (chunk[i + 1] as number) & 0x7f;
        const length = len7 < 126 ? len7 : len7 === 126 ? chunk.readUInt16BE(i + 2) : chunk.readUInt32BE(i + 2) * 2 ** 32 + chunk.readUInt32BE(i + 6);
        if (!isMinimal(len7, length)) return i;
        this.follow(chunk[i] as number);
        this.skip = length;
        i += headerLength(chunk[i + 1] as number);
      } else {
        const start = this.have === 0 ? i : 0;
        if (!this.take(chunk[i++] as number)) return start;
      }
    }
    return -1;
  }

  /** Takes one byte of a header split across chunks; false when it completed a non-minimal one. */
  private take(byte: number): boolean {
    const at = this.have++;
    if (at < 2) {
      this.header = (this.header << 8 & 0xff00) | byte;
      this.length = 0;
    } else if (at < 2 + extendedBytes(this.header & 0x7f)) {
      this.length = this.length * 256 + byte;
    }
    if (at === 0 || this.have < headerLength(this.header & 0xff)) return true;
    const len7 = this.header & 0x7f;
    this.have = 0;
    this.skip = len7 < 126 ? len7 : this.length;
    this.follow(this.header >> 8);
    return isMinimal(len7, this.length);
  }

  /** Notes a complete header's first byte: a data frame (opcode below 8) starts or ends a fragmented message by its FIN bit. */
  private follow(b0: number): void {
    if ((b0 & 0x08) === 0) this.fragmented = (b0 & 0x80) === 0;
  }
}
