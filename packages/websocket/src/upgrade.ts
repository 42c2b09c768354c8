// An HTTP upgrade request: its route, the handshake checks and the connection limit, then a connection process.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionsSupervisor } from './connections-supervisor.js';
import { checkUpgrade, httpResponse } from './handshake.js';
import { parseQuery } from './query.js';
import type { Req } from './req.js';
import { splitTarget } from './request-target.js';
import type { ResolvedOptions } from './server-options.js';
import { endSocket } from './end-socket.js';
import { ignoreSocketError } from './link-listeners.js';

/** What an upgrade needs from its server. */
export interface UpgradeTarget {
  readonly options: ResolvedOptions;
  readonly supervisor: ConnectionsSupervisor;
  /** False once the server is closing. */
  readonly accepting: boolean;
}

function refuse(socket: Socket, status: number, headers: Record<string, string> = {}): void {
  endSocket(socket, httpResponse({ status, headers }));
}

/**
 * Handles the HTTP server's 'upgrade' event, outside any process: no handler route is 404, a bad
 * handshake 400 (403 for a refused origin), a closing server or one at maxConnections 503; any
 * other request becomes a connection process under the server's supervisor, which runs the handler.
 */
export function handleUpgrade(target: UpgradeTarget, request: IncomingMessage, socket: Socket, head: Buffer): void {
  // Errors of a socket nobody reads yet; the connection's own listeners report them once it is wired.
  socket.on('error', ignoreSocketError);
  const { options, supervisor } = target;
  if (!target.accepting) return refuse(socket, 503);
  const { path, search } = splitTarget(request.url ?? '/');
  const match = options.routes.matchUpgrade(path);
  if (match === undefined) return refuse(socket, 404);
  const method = request.method ?? '';
  const check = checkUpgrade(method, request.headers, { allowedOrigins: options.allowedOrigins });
  if (!check.ok) return refuse(socket, check.status, check.headers);
  if (supervisor.size >= options.maxConnections) return refuse(socket, 503);
  const req: Req = {
    method,
    path,
    query: parseQuery(search),
    headers: request.headers,
    bindings: match.bindings,
    rest: match.rest,
    peer: { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
  };
  const started = supervisor.start({ socket, head, req, route: match.route, key: check.key, extensions: check.extensions, settings: options });
  if (!started) refuse(socket, 503);
}
