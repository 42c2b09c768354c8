// Plain HTTP requests of a listen server: static files for staticFiles routes, GET and HEAD only.
import { createReadStream, stat } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { checkUpgrade } from './handshake.js';
import { splitTarget } from './request-target.js';
import { contentType, resolveStaticFile } from './routes.js';
import type { ResolvedOptions } from './server-options.js';

function respond(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'content-length': '0' });
  response.end();
}

/** Streams `file` (a directory: its index.html), or 404. */
function sendFile(response: ServerResponse, file: string, headOnly: boolean, index: boolean): void {
  stat(file, (error, stats) => {
    if (error === null && stats.isDirectory() && index) return sendFile(response, path.join(file, 'index.html'), headOnly, false);
    if (error !== null || !stats.isFile()) return respond(response, 404);
    response.writeHead(200, { 'content-type': contentType(file), 'content-length': String(stats.size) });
    if (headOnly) return void response.end();
    pipeline(createReadStream(file), response, () => undefined);
  });
}

/**
 * Answers the HTTP server's 'request' event: a WebSocket route requested without an upgrade gets the
 * handshake's refusal (400); a file under a staticFiles route is served (GET and HEAD; other methods
 * 405); anything else is 404.
 */
export function serveStatic(options: ResolvedOptions, request: IncomingMessage, response: ServerResponse): void {
  const method = request.method ?? '';
  const { path: requestPath } = splitTarget(request.url ?? '/');
  if (options.routes.matchUpgrade(requestPath) !== undefined) {
    const check = checkUpgrade(method, request.headers, { allowedOrigins: options.allowedOrigins });
    return check.ok ? respond(response, 400) : respond(response, check.status, check.headers);
  }
  const match = options.routes.matchRequest(requestPath);
  if (match === undefined) return respond(response, 404);
  if (method !== 'GET' && method !== 'HEAD') return respond(response, 405, { allow: 'GET, HEAD' });
  const file = resolveStaticFile(match.route.dir, match.file);
  if (file === undefined) return respond(response, 404);
  sendFile(response, file, method === 'HEAD', true);
}
