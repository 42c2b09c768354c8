// The wire of one connection: ws's Receiver turns socket bytes into events, its Sender writes frames.
import type { Socket } from 'node:net';
import { DEFLATE_NAME } from './deflate.js';
import { endSocket } from './end-socket.js';
import { binary, ping, pong, text, type CloseFrame, type Frame } from './frame.js';
import { LengthEncodingCheck } from './length-encoding.js';
import { listenReceiver, listenSocket, type LinkEndpoint } from './link-listeners.js';
import { FrameIn, PeerClose, ReceiverFailure, SocketGone, type SocketEvent } from './socket-event.js';
import {
  Receiver, Sender, type Extensions, type WsError, type WsPerMessageDeflate, type WsReceiver, type WsSender,
} from './ws-parts.js';

/** How long a close frame may wait behind unsent data before the socket is destroyed. */
const FLUSH_LIMIT_MS = 30_000;
/** The status code of an empty close frame, as the Receiver reports it. */
const NO_STATUS = 1005;
const NO_EXTENSIONS: Extensions = Object.freeze({}) as Extensions;
/**
 * What one unflushed frame costs beyond its bytes, as counted against maxBackpressure: Node's write
 * request and the frame header's Buffer (about 450 bytes measured for a queued 2-byte pong, rounded up).
 */
export const FRAME_COST = 512;

// The bits of a link's `state`.
/** The byte stream goes on: no close frame or Receiver error yet, and {@link SocketLink.close} not called. */
const READING = 1;
/** The handler stopped reading (`active: false`). */
const PAUSED = 2;
/** The Receiver took more than it can hold: reading waits for its drain. */
const RECEIVER_FULL = 4;
/** {@link SocketLink.close} was called: the socket ends by itself. */
const RELEASED = 8;

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

function bytes(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * One upgraded socket with its Receiver and Sender. Events are reported synchronously as the
 * Receiver emits them, so the frames of one TCP chunk are reported together. The link never decides
 * anything: the connection process does. While the connection hibernates, a link at rest between
 * messages lets go of its Receiver and Sender; the next bytes or frame build new ones.
 */
export class SocketLink implements LinkEndpoint {
  /** The Receiver and the length check that reads ahead of it: let go together at rest, built again by the next bytes. */
  private receiver: WsReceiver | null = null;
  private lengths: LengthEncodingCheck | null = null;
  private sender: WsSender | null = null;
  /** READING, PAUSED, RECEIVER_FULL and RELEASED (one number rather than four fields: a link lives as long as its connection). */
  private state = READING;
  /** Frames given to the Sender whose write has not completed yet. */
  private inFlight = 0;
  /** The write callback of every frame: one function per link. */
  private readonly flushed = (): void => {
    this.inFlight--;
  };

  constructor(
    private readonly socket: Socket,
    private readonly opts: SocketLinkOptions,
    /** The negotiated permessage-deflate, if any. */
    private readonly deflate: WsPerMessageDeflate | undefined,
    private readonly events: SocketLinkEvents,
  ) {}

  /** True while the handler has stopped reading (`active: false`). */
  get paused(): boolean {
    return (this.state & PAUSED) !== 0;
  }

  /** Builds the Receiver and the Sender, and wires the socket: `head` (bytes that came with the upgrade request) is parsed first. */
  start(head: Buffer): void {
    const socket = this.socket;
    socket.setNoDelay(true);
    socket.setTimeout(0);
    this.newReceiver();
    this.newSender();
    if (head.length > 0) this.read(head);
    listenSocket(socket, this);
    if (socket.destroyed) this.events.deliver(new SocketGone(undefined));
  }

  /**
   * Sends `frame` (text as `encoded` when given: its UTF-8 bytes). Every frame but close counts
   * against the outbound limit, pongs and pings included: over it, `dropped` or `overflow` (by the
   * policy) and nothing is written. A close frame always goes.
   */
  send(frame: Frame, encoded?: Buffer): SendOutcome {
    if (frame.type === 'close') {
      this.close(frame);
      return 'sent';
    }
    const sender = this.sender ?? this.newSender();
    if (this.bufferedBytes(sender) > this.opts.maxBackpressure) return this.opts.onBackpressure === 'drop' ? 'dropped' : 'overflow';
    this.inFlight++;
    switch (frame.type) {
      case 'text':
      case 'binary': {
        const binaryFrame = frame.type === 'binary';
        const data = binaryFrame ? bytes(frame.data) : (encoded ?? Buffer.from(frame.data, 'utf8'));
        sender.send(data, { binary: binaryFrame, compress: this.deflate !== undefined, fin: true, mask: false }, this.flushed);
        return 'sent';
      }
      case 'ping':
        sender.ping(bytes(frame.data), false, this.flushed);
        return 'sent';
      case 'pong':
        sender.pong(bytes(frame.data), false, this.flushed);
        return 'sent';
      default: {
        const never: never = frame;
        throw new TypeError(`unknown frame ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * What the outbound side holds, as counted against maxBackpressure: the socket's unsent bytes, the
   * bytes waiting behind a compression, and {@link FRAME_COST} for each frame not yet flushed (a
   * queued write costs memory beyond its bytes: a flood of 2-byte pongs would otherwise pass any
   * byte limit long before it counts).
   */
  private bufferedBytes(sender: WsSender): number {
    return this.socket.writableLength + sender._bufferedBytes + this.inFlight * FRAME_COST;
  }

  /** Stops reading from the socket (`active: false`). */
  pause(): void {
    this.state |= PAUSED;
    this.flow();
  }

  /** Reads from the socket again (`active: true`). */
  resume(): void {
    this.state &= ~PAUSED;
    this.flow();
  }

  /**
   * The connection hibernates: when nothing is in flight (no compression, the byte stream between
   * two messages, nothing queued in the Receiver or waiting on its drain), the Receiver, its length
   * check and the Sender are let go; {@link read} and {@link send} build new ones, in the same state.
   */
  rest(): void {
    if (this.deflate !== undefined || (this.state & (READING | RECEIVER_FULL)) !== READING) return;
    if (this.lengths?.atMessageBoundary() === false || (this.receiver?.writableLength ?? 0) > 0) return;
    this.receiver = null;
    this.lengths = null;
    this.sender = null;
  }

  /**
   * Stops reading, sends `frame` (none when null), then ends the socket once the frame is flushed
   * (not waiting for the client's close frame, as Cowboy); destroys it if that takes too long.
   */
  close(frame: CloseFrame | null): void {
    if ((this.state & RELEASED) !== 0) return;
    this.state = (this.state | RELEASED) & ~(READING | PAUSED);
    this.flow();
    const socket = this.socket;
    if (frame === null || socket.destroyed) return endSocket(socket);
    const limit = setTimeout(() => socket.destroy(), FLUSH_LIMIT_MS).unref();
    socket.once('close', () => clearTimeout(limit));
    (this.sender ?? this.newSender()).close(frame.code, frame.reason, false, () => {
      clearTimeout(limit);
      endSocket(socket);
    });
  }

  /** Destroys the socket unless it is already ending by itself (a connection that was killed). */
  destroyUnlessReleased(): void {
    if ((this.state & RELEASED) === 0) this.socket.destroy();
  }

  /** The socket's bytes. */
  read(chunk: Buffer): void {
    this.events.data();
    if ((this.state & READING) === 0) return;
    const receiver = this.receiver ?? this.newReceiver();
    const bad = (this.lengths as LengthEncodingCheck).scan(chunk);
    if (bad !== -1) {
      if (bad > 0) receiver.write(chunk.subarray(0, bad));
      const error: WsError = new RangeError('Invalid WebSocket frame: the payload length is not minimally encoded');
      error.code = 'ERR_NON_MINIMAL_LENGTH';
      return this.failed(error);
    }
    if (!receiver.write(chunk)) {
      this.state |= RECEIVER_FULL;
      this.flow();
    }
  }

  message(data: Buffer, isBinary: boolean): void {
    if ((this.state & READING) === 0) return;
    this.events.deliver(isBinary ? new FrameIn(binary(data), undefined) : new FrameIn(text(data.toString('utf8')), data));
  }

  control(type: 'ping' | 'pong', data: Buffer): void {
    if ((this.state & READING) !== 0) this.events.deliver(new FrameIn(type === 'ping' ? ping(data) : pong(data), undefined));
  }

  conclude(code: number, reason: Buffer): void {
    this.end(new PeerClose(code === NO_STATUS ? undefined : code, reason.toString('utf8')));
  }

  failed(error: WsError): void {
    this.end(new ReceiverFailure(error));
  }

  drained(): void {
    this.state &= ~RECEIVER_FULL;
    this.flow();
  }

  gone(error: WsError | undefined): void {
    this.events.deliver(new SocketGone(error));
  }

  closed(): void {
    this.deflate?.cleanup();
    this.events.deliver(new SocketGone(undefined));
  }

  /** A close frame or a receiver error ends the byte stream: nothing after it is parsed. */
  private end(event: PeerClose | ReceiverFailure): void {
    if ((this.state & READING) === 0) return;
    this.state &= ~READING;
    this.flow();
    this.events.deliver(event);
  }

  private newReceiver(): WsReceiver {
    const maxPayload = Number.isFinite(this.opts.maxFrameSize) ? this.opts.maxFrameSize : 0;
    const receiver = new Receiver({ isServer: true, maxPayload, binaryType: 'nodebuffer', skipUTF8Validation: false, extensions: this.extensions() });
    listenReceiver(receiver, this);
    this.receiver = receiver;
    this.lengths = new LengthEncodingCheck();
    return receiver;
  }

  private newSender(): WsSender {
    const sender = new Sender(this.socket, this.extensions());
    this.sender = sender;
    return sender;
  }

  private extensions(): Extensions {
    return this.deflate === undefined ? NO_EXTENSIONS : { [DEFLATE_NAME]: this.deflate };
  }

  /** Reads while neither the handler nor a full Receiver holds it back; after the byte stream ended, drains. */
  private flow(): void {
    const state = this.state;
    if ((state & PAUSED) !== 0 || (state & (READING | RECEIVER_FULL)) === (READING | RECEIVER_FULL)) this.socket.pause();
    else this.socket.resume();
  }
}
