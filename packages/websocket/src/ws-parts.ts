// ws's frame codec as typed parts: Receiver, Sender, PerMessageDeflate and the extension header parser.
import type { Socket } from 'node:net';
import * as ws from 'ws';

/**
 * ws's ESM entry exports these four next to `WebSocket` (`wrapper.mjs`), but @types/ws does not
 * declare them; the interfaces below type the part of each that Corral uses (ws 8.x).
 */

/** The negotiated extensions, by name, as Receiver and Sender take them. */
export type Extensions = Record<string, WsPerMessageDeflate>;

/** A ws error: a machine code (`WS_ERR_*`) and the close code ws would send. */
export type WsError = Error & { code?: string };

/** Options of ws's Receiver. */
export interface ReceiverOptions {
  isServer: boolean;
  /** Largest message in bytes; 0 means no limit. */
  maxPayload: number;
  binaryType: 'nodebuffer';
  skipUTF8Validation: boolean;
  extensions: Extensions;
}

/** ws's Receiver: a Writable that parses frames and emits messages, control frames and errors. */
export interface WsReceiver {
  write(chunk: Buffer): boolean;
  /** Bytes written but not yet taken by the parser (Writable's buffer). */
  readonly writableLength: number;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'ping' | 'pong', listener: (data: Buffer) => void): this;
  on(event: 'conclude', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (error: WsError) => void): this;
  on(event: 'drain', listener: () => void): this;
}

/** Options of Sender.send. */
export interface SendOptions {
  binary: boolean;
  compress: boolean;
  fin: boolean;
  mask: boolean;
}

/** ws's Sender: frames data and writes it to the socket (queued behind compression when deflating). */
export interface WsSender {
  send(data: Buffer | string, options: SendOptions, cb?: (error?: Error) => void): void;
  ping(data: Buffer, mask: boolean, cb?: (error?: Error) => void): void;
  pong(data: Buffer, mask: boolean, cb?: (error?: Error) => void): void;
  close(code: number | undefined, reason: string | undefined, mask: boolean, cb?: (error?: Error) => void): void;
  /** Bytes waiting behind a compression in progress (not yet written to the socket). */
  readonly _bufferedBytes: number;
}

/** Options of ws's PerMessageDeflate. */
export interface PerMessageDeflateOptions {
  isServer: boolean;
  maxPayload: number;
  /** Messages smaller than this are sent uncompressed (ws's default 1024; Cowboy compresses all). */
  threshold: number;
}

/** ws's permessage-deflate extension: negotiation (accept), then the zlib streams of one connection. */
export interface WsPerMessageDeflate {
  /** Accepts the first acceptable offer; throws when none is. Returns the accepted parameters. */
  accept(offers: unknown[]): Record<string, unknown>;
  /** Releases the zlib streams. */
  cleanup(): void;
  readonly params: Record<string, unknown> | null;
}

/** ws's Sec-WebSocket-Extensions parser and formatter. */
export interface WsExtensionHeader {
  parse(header: string): Record<string, unknown[]>;
  format(extensions: Record<string, unknown[]>): string;
}

interface WsParts {
  Receiver: new (options: ReceiverOptions) => WsReceiver;
  Sender: new (socket: Socket, extensions: Extensions) => WsSender;
  PerMessageDeflate: { new (options: PerMessageDeflateOptions): WsPerMessageDeflate; readonly extensionName: string };
  extension: WsExtensionHeader;
}

const parts = ws as unknown as Partial<WsParts>;
if (parts.Receiver === undefined || parts.Sender === undefined || parts.PerMessageDeflate === undefined || parts.extension === undefined) {
  throw new Error('@corral/websocket needs ws 8.x, whose ESM entry exports Receiver, Sender, PerMessageDeflate and extension');
}

/** ws's Receiver class. */
export const Receiver = parts.Receiver;
/** ws's Sender class. */
export const Sender = parts.Sender;
/** ws's PerMessageDeflate class. */
export const PerMessageDeflate = parts.PerMessageDeflate;
/** ws's extension header parser. */
export const extensionHeader = parts.extension;
