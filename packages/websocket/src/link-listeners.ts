// The listeners of every connection's socket and Receiver: shared functions that find their link through a back-reference, as ws does.
import type { Socket } from 'node:net';
import type { WsError, WsReceiver } from './ws-parts.js';

/** What the listeners tell a link. */
export interface LinkEndpoint {
  /** The socket's bytes. */
  read(chunk: Buffer): void;
  /** The socket ended (`error` undefined) or failed. */
  gone(error: WsError | undefined): void;
  /** The socket closed. */
  closed(): void;
  /** A text or binary message. */
  message(data: Buffer, isBinary: boolean): void;
  /** A ping or a pong. */
  control(type: 'ping' | 'pong', data: Buffer): void;
  /** The client's close frame (the Receiver's code and reason). */
  conclude(code: number, reason: Buffer): void;
  /** The Receiver refused the byte stream. */
  failed(error: WsError): void;
  /** The Receiver took what it was given. */
  drained(): void;
}

const LINK = Symbol('corral.link');
type Linked<T> = T & { [LINK]: LinkEndpoint };

/** The listener of a socket nobody reads yet (before its connection is wired, or while it is being refused). */
export function ignoreSocketError(): void {}

function socketOnData(this: Linked<Socket>, chunk: Buffer): void {
  this[LINK].read(chunk);
}
function socketOnEnd(this: Linked<Socket>): void {
  this[LINK].gone(undefined);
}
function socketOnError(this: Linked<Socket>, error: WsError): void {
  this[LINK].gone(error);
}
function socketOnClose(this: Linked<Socket>): void {
  this[LINK].closed();
}
function receiverOnMessage(this: Linked<WsReceiver>, data: Buffer, isBinary: boolean): void {
  this[LINK].message(data, isBinary);
}
function receiverOnPing(this: Linked<WsReceiver>, data: Buffer): void {
  this[LINK].control('ping', data);
}
function receiverOnPong(this: Linked<WsReceiver>, data: Buffer): void {
  this[LINK].control('pong', data);
}
function receiverOnConclude(this: Linked<WsReceiver>, code: number, reason: Buffer): void {
  this[LINK].conclude(code, reason);
}
function receiverOnError(this: Linked<WsReceiver>, error: WsError): void {
  this[LINK].failed(error);
}
function receiverOnDrain(this: Linked<WsReceiver>): void {
  this[LINK].drained();
}

/** Reports `socket`'s errors (in place of {@link ignoreSocketError}), end, close and data to `link`. */
export function listenSocket(socket: Socket, link: LinkEndpoint): void {
  (socket as Linked<Socket>)[LINK] = link;
  socket.on('error', socketOnError);
  socket.removeListener('error', ignoreSocketError);
  socket.on('end', socketOnEnd);
  socket.on('close', socketOnClose);
  socket.on('data', socketOnData);
}

/** Reports everything `receiver` emits to `link`. */
export function listenReceiver(receiver: WsReceiver, link: LinkEndpoint): void {
  (receiver as Linked<WsReceiver>)[LINK] = link;
  receiver.on('message', receiverOnMessage);
  receiver.on('ping', receiverOnPing);
  receiver.on('pong', receiverOnPong);
  receiver.on('conclude', receiverOnConclude);
  receiver.on('error', receiverOnError);
  receiver.on('drain', receiverOnDrain);
}
