// WebSocket frames as data: what a handler receives and what it replies, with their constructors.

/** A text message (reassembled from its fragments). */
export interface TextFrame {
  /** Always `'text'`. */
  readonly type: 'text';
  /** The text. */
  readonly data: string;
}
/** A binary message (reassembled from its fragments). */
export interface BinaryFrame {
  /** Always `'binary'`. */
  readonly type: 'binary';
  /** The bytes. */
  readonly data: Uint8Array;
}
/** A ping; the connection answers client pings with a pong by itself, then passes them on. */
export interface PingFrame {
  /** Always `'ping'`. */
  readonly type: 'ping';
  /** The payload (at most 125 bytes). */
  readonly data: Uint8Array;
}
/** A pong. */
export interface PongFrame {
  /** Always `'pong'`. */
  readonly type: 'pong';
  /** The payload (at most 125 bytes). */
  readonly data: Uint8Array;
}
/** A close frame; without `code` it is the empty close frame. Sending it ends the connection. */
export interface CloseFrame {
  /** Always `'close'`. */
  readonly type: 'close';
  /** The close code; absent in the empty close frame. */
  readonly code?: number;
  /** The close reason (at most 123 bytes of UTF-8); only with a code. */
  readonly reason?: string;
}

/** Any frame a handler can send. */
export type Frame = TextFrame | BinaryFrame | PingFrame | PongFrame | CloseFrame;
/** The frames `websocketHandle` receives (close frames end the connection; they are never passed on). */
export type InFrame = TextFrame | BinaryFrame | PingFrame | PongFrame;

const EMPTY = new Uint8Array(0);

/** A text frame. */
export function text(data: string): TextFrame {
  return { type: 'text', data };
}

/** A binary frame. */
export function binary(data: Uint8Array): BinaryFrame {
  return { type: 'binary', data };
}

/** A ping frame (payload at most 125 bytes). */
export function ping(data: Uint8Array = EMPTY): PingFrame {
  return { type: 'ping', data };
}

/** A pong frame (payload at most 125 bytes). */
export function pong(data: Uint8Array = EMPTY): PongFrame {
  return { type: 'pong', data };
}

/** A close frame: empty without a code; with a code (1000-1003, 1007-1011, 3000-4999) and a reason of at most 123 bytes. */
export function close(code?: number, reason?: string): CloseFrame {
  return code === undefined ? { type: 'close' } : reason === undefined ? { type: 'close', code } : { type: 'close', code, reason };
}
