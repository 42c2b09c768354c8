// Plain HTTP requests of a listen server: static files for staticFiles routes, GET and HEAD only.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { checkUpgrade } from './handshake.js';
import type { StaticRoute } from './options.js';
import { splitTarget } from './request-target.js';
import { contentType, resolveStaticFile } from './routes.js';
import type { ResolvedOptions } from './server-options.js';

function respond(response: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'content-length': '0' });
  response.end();
}

/** True when a `/`-separated relative path has a segment starting with `.` (a dotfile or dot-directory). */
function hasDotSegment(relative: string): boolean {
  return relative.split(/[/\\]/).some((segment) => segment.startsWith('.'));
}

/**
 * The real path of `file` (symlinks resolved) when it is the real `root` or inside it, and, unless
 * dotfiles are allowed, names no dotfile relative to it; otherwise (or when it does not exist) undefined.
 */
async function containedFile(route: StaticRoute, file: string): Promise<string | undefined> {
  try {
    const [root, real] = await Promise.all([realpath(route.dir), realpath(file)]);
    const relative = path.relative(root, real);
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
    return route.dotfiles === 'ignore' && hasDotSegment(relative) ? undefined : real;
  } catch {
    return undefined;
  }
}

/** Streams `file` (a directory: its index.html), or 404; the real file must stay under the route's directory. */
async function sendFile(response: ServerResponse, route: StaticRoute, file: string, headOnly: boolean, index: boolean): Promise<void> {
  const real = await containedFile(route, file);
  const stats = real === undefined ? undefined : await stat(real).catch(() => undefined);
  if (real !== undefined && stats?.isDirectory() === true && index) return sendFile(response, route, path.join(file, 'index.html'), headOnly, false);
  if (real === undefined || stats?.isFile() !== true) return respond(response, 404);
  response.writeHead(200, { 'content-type': contentType(file), 'content-length': String(stats.size) });
  if (headOnly) return void response.end();
  pipeline(createReadStream(real), response, () => undefined);
}

/**
 * Answers the HTTP server's 'request' event: a WebSocket route requested without an upgrade gets the
 * handshake's refusal (400); a file under a staticFiles route is served (GET and HEAD; other methods
 * 405); anything else is 404, dotfiles (unless the route allows them) and files whose real path is
 * outside the route's directory included.
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
  const route = match.route;
  const file = route.dotfiles === 'ignore' && hasDotSegment(match.file) ? undefined : resolveStaticFile(route.dir, match.file);
  if (file === undefined) return respond(response, 404);
  void sendFile(response, route, file, method === 'HEAD', true).catch(() => response.destroy());
}
