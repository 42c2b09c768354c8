// The wire of one connection: ws's Receiver turns socket bytes into events, its Sender writes frames.
import type { Socket } from 'node:net';
import { DEFLATE_NAME } from './deflate.js';
import { binary, ping, pong, text, type CloseFrame, type Frame, type InFrame } from './frame.js';
import { LengthEncodingCheck } from './length-encoding.js';
import {
  Receiver, Sender, type Extensions, type WsError, type WsPerMessageDeflate, type WsReceiver, type WsSender,
} from './ws-parts.js';

/** A frame read from the socket. */
export class FrameIn {
  constructor(readonly frame: InFrame) {}
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

/** How long a socket that was ended may wait for the peer's FIN before it is destroyed. */
export const CLOSE_GRACE_MS = 1000;
/** How long a close frame may wait behind unsent data before the socket is destroyed. */
const FLUSH_LIMIT_MS = 30_000;
/** The status code of an empty close frame, as the Receiver reports it. */
const NO_STATUS = 1005;

/** What a link needs to know of its server's options (shared by every connection of the server). */
export interface SocketLinkOptions {
  /** Largest message in bytes (Infinity: no limit). */
  readonly maxFrameSize: number;
  readonly maxBackpressure: number;
  readonly onBackpressure: 'close' | 'drop';
}

/** Where a link reports: every event, and each chunk of data (for the idle timer). */
export interface SocketLinkEvents {
  deliver(event: SocketEvent): void;
  data(): void;
}

/** What {@link SocketLink.send} did: `overflow` means the outbound buffer is over the limit with policy close. */
export type SendOutcome = 'sent' | 'dropped' | 'overflow';

/**
 * Ends `socket` after writing `data`: FIN once the bytes are flushed, then destroy when the peer has
 * not closed its side within {@link CLOSE_GRACE_MS}. Incoming bytes are drained and dropped.
 */
export function endSocket(socket: Socket, data?: Buffer | string): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
  if (data === undefined) socket.end();
  else socket.end(data);
}

function bytes(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * One upgraded socket with its Receiver and Sender. Events are reported synchronously as the
 * Receiver emits them, so the frames of one TCP chunk are reported together. The link never decides
 * anything: the connection process does.
 */
export class SocketLink {
  private readonly receiver: WsReceiver;
  private readonly sender: WsSender;
  private readonly lengths = new LengthEncodingCheck();
  private reading = true;
  private pausedByHandler = false;
  private receiverFull = false;
  private releasedSocket = false;
  private limit: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly opts: SocketLinkOptions,
    /** The negotiated permessage-deflate, if any. */
    private readonly deflate: WsPerMessageDeflate | undefined,
    private readonly events: SocketLinkEvents,
  ) {
    const extensions: Extensions = deflate === undefined ? {} : { [DEFLATE_NAME]: deflate };
    const maxPayload = Number.isFinite(opts.maxFrameSize) ? opts.maxFrameSize : 0;
    this.receiver = new Receiver({ isServer: true, maxPayload, binaryType: 'nodebuffer', skipUTF8Validation: false, extensions });
    this.sender = new Sender(socket, extensions);
  }

  /** True once {@link close} was called: the socket ends by itself. */
  get released(): boolean {
    return this.releasedSocket;
  }

  /** Wires the socket: `head` (bytes that came with the upgrade request) is parsed first. */
  start(head: Buffer): void {
    const { receiver, socket } = this;
    receiver.on('message', (data, isBinary) => this.frame(isBinary ? binary(data) : text(data.toString('utf8'))));
    receiver.on('ping', (data) => this.frame(ping(data)));
    receiver.on('pong', (data) => this.frame(pong(data)));
    receiver.on('conclude', (code, reason) => this.wire(new PeerClose(code === NO_STATUS ? undefined : code, reason.toString('utf8'))));
    receiver.on('error', (error) => this.wire(new ReceiverFailure(error)));
    receiver.on('drain', () => {
      this.receiverFull = false;
      this.flow();
    });
    socket.setNoDelay(true);
    socket.setTimeout(0);
    socket.on('error', (error: WsError) => this.events.deliver(new SocketGone(error)));
    socket.on('end', () => this.events.deliver(new SocketGone(undefined)));
    socket.on('close', () => this.closed());
    if (head.length > 0) this.read(head);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    if (socket.destroyed) this.events.deliver(new SocketGone(undefined));
  }

  /** Sends `frame`. Text and binary frames respect the outbound limit; control frames always go. */
  send(frame: Frame): SendOutcome {
    switch (frame.type) {
      case 'text':
      case 'binary': {
        if (this.socket.writableLength + this.sender._bufferedBytes > this.opts.maxBackpressure) {
          return this.opts.onBackpressure === 'drop' ? 'dropped' : 'overflow';
        }
        const data = frame.type === 'text' ? frame.data : bytes(frame.data);
        this.sender.send(data, { binary: frame.type === 'binary', compress: this.deflate !== undefined, fin: true, mask: false });
        return 'sent';
      }
      case 'ping':
        this.sender.ping(bytes(frame.data), false);
        return 'sent';
      case 'pong':
        this.sender.pong(bytes(frame.data), false);
        return 'sent';
      case 'close':
        this.close(frame);
        return 'sent';
      default: {
        const never: never = frame;
        throw new TypeError(`unknown frame ${JSON.stringify(never)}`);
      }
    }
  }

  /** Stops reading from the socket (`active: false`). */
  pause(): void {
    this.pausedByHandler = true;
    this.flow();
  }

  /** Reads from the socket again (`active: true`). */
  resume(): void {
    this.pausedByHandler = false;
    this.flow();
  }

  /**
   * Stops reading, sends `frame` (none when null), then ends the socket once the frame is flushed
   * (not waiting for the client's close frame, as Cowboy); destroys it if that takes too long.
   */
  close(frame: CloseFrame | null): void {
    if (this.releasedSocket) return;
    this.releasedSocket = true;
    this.reading = false;
    this.pausedByHandler = false;
    this.flow();
    if (frame === null || this.socket.destroyed) return this.finish();
    this.limit = setTimeout(() => this.socket.destroy(), FLUSH_LIMIT_MS).unref();
    this.sender.close(frame.code, frame.reason, false, () => this.finish());
  }

  /** Destroys the socket unless it is already ending by itself (a connection that was killed). */
  destroyUnlessReleased(): void {
    if (!this.releasedSocket) this.socket.destroy();
  }

  private finish(): void {
    clearTimeout(this.limit);
    endSocket(this.socket);
  }

  private read(chunk: Buffer): void {
    this.events.data();
    if (!this.reading) return;
    const bad = this.lengths.scan(chunk);
    if (bad !== -1) {
      if (bad > 0) this.receiver.write(chunk.subarray(0, bad));
      const error: WsError = new RangeError('Invalid WebSocket frame: the payload length is not minimally encoded');
      error.code = 'ERR_NON_MINIMAL_LENGTH';
      return this.wire(new ReceiverFailure(error));
    }
    if (!this.receiver.write(chunk)) {
      this.receiverFull = true;
      this.flow();
    }
  }

  private frame(frame: InFrame): void {
    if (this.reading) this.events.deliver(new FrameIn(frame));
  }

  /** A close frame or a receiver error ends the byte stream: nothing after it is parsed. */
  private wire(event: PeerClose | ReceiverFailure): void {
    if (!this.reading) return;
    this.reading = false;
    this.flow();
    this.events.deliver(event);
  }

  /** Reads while neither the handler nor a full Receiver holds it back; after the byte stream ended, drains. */
  private flow(): void {
    if (this.pausedByHandler || (this.reading && this.receiverFull)) this.socket.pause();
    else this.socket.resume();
  }

  private closed(): void {
    clearTimeout(this.limit);
    this.deflate?.cleanup();
    this.events.deliver(new SocketGone(undefined));
  }
}
