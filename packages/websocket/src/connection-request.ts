// What a connection process starts from: the upgrade request that passed the server's checks, and the server's settings.
import type { Socket } from 'node:net';
import type { HandlerRoute } from './options.js';
import type { Req } from './req.js';
import type { SocketLinkOptions } from './socket-link.js';

/** The server options a connection uses (one object, shared by the server's connections). */
export interface ConnectionSettings extends SocketLinkOptions {
  readonly compress: boolean;
}

/** An upgrade request that passed the server's checks. */
export interface ConnectionRequest {
  socket: Socket;
  /** Bytes that came after the request head (already frames). */
  head: Buffer;
  req: Req;
  route: HandlerRoute;
  /** The client's Sec-WebSocket-Key. */
  key: string;
  /** The client's Sec-WebSocket-Extensions offer. */
  extensions: string | undefined;
  /** The server's settings. */
  settings: ConnectionSettings;
}
