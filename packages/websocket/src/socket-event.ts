// What a connection's link reports to its process, as envelopes in the process's mailbox.
import type { InFrame } from './frame.js';
import type { WsError } from './ws-parts.js';

/** A frame read from the socket; a text frame keeps its text and the bytes it was decoded from, so an echo need not encode it again. */
export class FrameIn {
  /** The text of a text frame, as decoded (the frame object is the handler's: it may change it). */
  readonly text: string | undefined;

  constructor(readonly frame: InFrame, readonly bytes: Buffer | undefined) {
    this.text = frame.type === 'text' ? frame.data : undefined;
  }
}
/** The client's close frame: `code` is undefined for an empty one. */
export class PeerClose {
  constructor(readonly code: number | undefined, readonly reason: string) {}
}
/** The Receiver refused the byte stream: a protocol error, invalid UTF-8 or a message too large. */
export class ReceiverFailure {
  constructor(readonly error: WsError) {}
}
/** The TCP connection ended without a close frame (`error` undefined), or failed. */
export class SocketGone {
  constructor(readonly error: WsError | undefined) {}
}

/** What the byte stream says, in its order. */
export type WireEvent = FrameIn | PeerClose | ReceiverFailure;
/** Everything a link reports. */
export type SocketEvent = WireEvent | SocketGone;
