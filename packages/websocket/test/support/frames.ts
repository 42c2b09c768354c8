// Test helper: builds exact client frame bytes (any fin, rsv, opcode, mask and length form) and reads server frames.

/** Opcodes by name. */
export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** The mask key client frames use unless told otherwise. */
export const MASK = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

/** What {@link frame} builds. */
export interface FrameSpec {
  opcode: number;
  /** Default true. */
  fin?: boolean;
  /** The three RSV bits as a number 0-7 (4 = RSV1, 2 = RSV2, 1 = RSV3). Default 0. */
  rsv?: number;
  /** A string is UTF-8 encoded. Default empty. */
  payload?: Uint8Array | string;
  /** The mask key; `null` sends the frame unmasked. Default {@link MASK}. */
  mask?: Uint8Array | null;
  /** The length form: 7, 16 or 64 bits. Default: the minimal one. */
  lengthBits?: 7 | 16 | 64;
  /** Write this length instead of the payload's (for forged 64-bit lengths). */
  declaredLength?: bigint;
}

/** The bytes of a payload given as a string (UTF-8) or bytes. */
export function bytes(payload: Uint8Array | string = ''): Buffer {
  return typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
}

function minimalBits(length: number): 7 | 16 | 64 {
  return length < 126 ? 7 : length < 65536 ? 16 : 64;
}

function lengthField(length: bigint, bits: 7 | 16 | 64): { first: number; extra: Buffer } {
  if (bits === 7) return { first: Number(length), extra: Buffer.alloc(0) };
  if (bits === 16) {
    const extra = Buffer.alloc(2);
    extra.writeUInt16BE(Number(length));
    return { first: 126, extra };
  }
  const extra = Buffer.alloc(8);
  extra.writeBigUInt64BE(length);
  return { first: 127, extra };
}

/** One frame, byte for byte, as a client (masked by default) would send it. */
export function frame(spec: FrameSpec): Buffer {
  const payload = bytes(spec.payload);
  const mask = spec.mask === undefined ? MASK : spec.mask;
  const length = spec.declaredLength ?? BigInt(payload.length);
  const { first, extra } = lengthField(length, spec.lengthBits ?? minimalBits(payload.length));
  const head = Buffer.from([
    ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | spec.opcode,
    (mask === null ? 0 : 0x80) | first,
  ]);
  if (mask === null) return Buffer.concat([head, extra, payload]);
  const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  return Buffer.concat([head, extra, Buffer.from(mask), masked]);
}

/** A masked text frame. */
export function textFrame(payload: Uint8Array | string, fin = true): Buffer {
  return frame({ opcode: OP.text, payload, fin });
}

/** A masked binary frame. */
export function binaryFrame(payload: Uint8Array | string, fin = true): Buffer {
  return frame({ opcode: OP.binary, payload, fin });
}

/** A masked continuation frame. */
export function continuation(payload: Uint8Array | string, fin = true): Buffer {
  return frame({ opcode: OP.continuation, payload, fin });
}

/** The payload of a close frame: the code (2 bytes, big-endian) then the reason. */
export function closePayload(code: number, reason: Uint8Array | string = ''): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(code);
  return Buffer.concat([head, bytes(reason)]);
}

/** A masked close frame: empty without a code. */
export function closeFrame(code?: number, reason: Uint8Array | string = ''): Buffer {
  return frame({ opcode: OP.close, payload: code === undefined ? '' : closePayload(code, reason) });
}

/** Bytes as spaced lower-case hex: `88 02 03 e8`. */
export function hex(data: Uint8Array | string): string {
  return Array.from(bytes(data), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The hex of an unmasked, unfragmented server frame. */
export function serverFrame(opcode: number, payload: Uint8Array | string = ''): string {
  return hex(frame({ opcode, payload, mask: null }));
}

/** The hex of the close frame a server sends: `88 00` without a code, else the code and reason. */
export function serverClose(code?: number, reason = ''): string {
  return serverFrame(OP.close, code === undefined ? '' : closePayload(code, reason));
}

/** A frame read from the server. */
export interface ParsedFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** Splits server bytes into frames; throws when the bytes end inside a frame. */
export function parseFrames(data: Buffer): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 2 > data.length) throw new Error(`truncated frame header at byte ${at}`);
    const b0 = data[at] as number;
    const b1 = data[at + 1] as number;
    let length = b1 & 0x7f;
    at += 2;
    if (length === 126) {
      length = data.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      length = Number(data.readBigUInt64BE(at));
      at += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    if (masked) at += 4;
    if (at + length > data.length) throw new Error(`truncated frame payload at byte ${at}`);
    frames.push({ fin: (b0 & 0x80) !== 0, rsv: (b0 >> 4) & 7, opcode: b0 & 0x0f, masked, payload: data.subarray(at, at + length) });
    at += length;
  }
  return frames;
}
