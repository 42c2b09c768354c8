// attach: WebSocket routes on an existing node:http server (only its upgrades).
import type { Node } from '@corral/actor';
import { Server as HttpServer } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { Server, ServerOptions } from './options.js';
import { resolveServerOptions } from './server-options.js';
import { RunningServer } from './server.js';
import { WebSocketError } from './websocket-error.js';

/**
 * Adds an 'upgrade' listener to `httpServer` (node:http or node:https): upgrades to `routes` become connection processes on
 * `node`; every other request stays the HTTP server's own. `close()` removes the listener and closes
 * the connections, and leaves the HTTP server running. Throws WebSocketError `badOption` for bad
 * options (staticFiles routes included: serve them with the HTTP server), `badRoute`, `duplicateRoute`.
 */
export function attach(httpServer: HttpServer | HttpsServer, node: Node, opts: ServerOptions): Server {
  const server: unknown = httpServer;
  if (!(server instanceof HttpServer) && !(server instanceof HttpsServer)) {
    throw new WebSocketError('badOption', 'attach needs a node:http or node:https Server');
  }
  return new RunningServer(node, httpServer, resolveServerOptions(opts, 'attach'), false);
}
