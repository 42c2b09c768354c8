// Route matching, compiled once: path patterns with :bindings and a final [...], static file prefixes.
import path from 'node:path';
import { isRoute, type HandlerRoute, type Route, type StaticRoute } from './options.js';
import { WebSocketError } from './websocket-error.js';

/**
 * A matched route: a handler route with its `bindings` and `rest` (what `[...]` matched, segments
 * joined with `/`), or a static route with `file`, the decoded path under its prefix, still relative
 * (`'css/app.css'`; `''` for the prefix itself).
 */
export type RouteMatch =
  | { type: 'handler'; route: HandlerRoute; bindings: Record<string, string>; rest: string | undefined }
  | { type: 'static'; route: StaticRoute; file: string };

/**
 * Routes compiled by {@link compileRoutes}. Both matchers take the request path (percent-encoded, as
 * in the request line; a query string is ignored) and return the first declared route that matches.
 */
export interface CompiledRoutes {
  /** The handler route for an upgrade request to `path`. */
  matchUpgrade(path: string): (RouteMatch & { type: 'handler' }) | undefined;
  /** The static route for a plain HTTP request to `path`. */
  matchRequest(path: string): (RouteMatch & { type: 'static' }) | undefined;
}

/** A segment of a pattern. */
type Segment = { type: 'literal'; value: string } | { type: 'binding'; name: string };
/** A compiled pattern: its segments, whether it ends with `[...]`, and a key equal for equivalent patterns. */
interface Pattern {
  segments: readonly Segment[];
  rest: boolean;
  key: string;
}

/** What a binding name may be. */
const BINDING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Compiles `routes` once. A pattern starts with `/` and has literal segments, `:name` segments (which
 * bind a non-empty, percent-decoded segment) and optionally a last `[...]` (zero or more segments).
 * As in Cowboy, a trailing slash adds no segment (`'/chat/'` is `'/chat'`), so `'/chat/:room'`
 * matches neither `'/chat/'` nor `'/chat/a/b'`. The path is split at `/` before it is decoded; a
 * path with a segment that fails to decode, decodes to `.` or `..`, or decodes to something holding
 * `/`, a backslash or NUL (`%2F`, `%5C`, `%00`) matches nothing, so a binding is one segment and
 * `rest` splits back at `/` into the segments it came from. A static route's path is a prefix of
 * literal segments.
 * Throws WebSocketError `badRoute` for a value that is not a route or a malformed pattern (not
 * starting with `/`, an empty segment, `[...]` not last, an empty or repeated `:name`, brackets in a
 * literal), `duplicateRoute` for two routes of the same kind whose patterns match the same paths.
 */
export function compileRoutes(routes: readonly Route[]): CompiledRoutes {
  if (!Array.isArray(routes)) throw new WebSocketError('badRoute', 'routes must be an array');
  const handlers: Array<{ route: HandlerRoute; pattern: Pattern }> = [];
  const statics: Array<{ route: StaticRoute; prefix: readonly string[] }> = [];
  const seen = new Set<string>();
  for (const route of routes as readonly unknown[]) {
    if (!isRoute(route)) throw new WebSocketError('badRoute', 'not a route (build routes with route() or staticFiles())');
    const pattern = compilePattern(route.path);
    const key = `${route.type} ${pattern.key}`;
    if (seen.has(key)) throw new WebSocketError('duplicateRoute', `${route.type} route ${route.path}`);
    seen.add(key);
    if (route.type === 'handler') handlers.push({ route, pattern });
    else statics.push({ route, prefix: staticPrefix(route, pattern) });
  }
  return {
    matchUpgrade(requestPath) {
      const segments = splitPath(requestPath);
      if (segments === undefined) return undefined;
      for (const { route, pattern } of handlers) {
        const match = matchPattern(pattern, segments);
        if (match !== undefined) return { type: 'handler', route, ...match };
      }
      return undefined;
    },
    matchRequest(requestPath) {
      const segments = splitPath(requestPath);
      if (segments === undefined) return undefined;
      for (const { route, prefix } of statics) {
        const file = matchPrefix(prefix, segments);
        if (file !== undefined) return { type: 'static', route, file };
      }
      return undefined;
    },
  };
}

/** Compiles one pattern, or throws `badRoute`. */
function compilePattern(pattern: unknown): Pattern {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw new WebSocketError('badRoute', `a path pattern must start with /, got ${JSON.stringify(pattern)}`);
  }
  const bad = (why: string): WebSocketError => new WebSocketError('badRoute', `${pattern}: ${why}`);
  const parts = pattern === '/' ? [] : pattern.slice(1).replace(/\/$/, '').split('/');
  const segments: Segment[] = [];
  let rest = false;
  for (const [i, part] of parts.entries()) {
    if (part === '[...]') {
      if (i !== parts.length - 1) throw bad('[...] must be the last segment');
      rest = true;
    } else if (part.startsWith(':')) {
      const name = part.slice(1);
      if (!BINDING_NAME.test(name)) throw bad(`invalid binding name ${JSON.stringify(name)}`);
      if (segments.some((s) => s.type === 'binding' && s.name === name)) throw bad(`binding :${name} appears twice`);
      segments.push({ type: 'binding', name });
    } else {
      if (part === '') throw bad('empty segment');
      if (/[[\]]/.test(part)) throw bad(`brackets are only allowed in a last [...], got ${part}`);
      segments.push({ type: 'literal', value: part });
    }
  }
  const key = [...segments.map((s) => (s.type === 'literal' ? s.value : ':')), ...(rest ? ['[...]'] : [])].join('/');
  return { segments, rest, key: `/${key}` };
}

/** The literal prefix of a static route, or throws `badRoute`. */
function staticPrefix(route: StaticRoute, pattern: Pattern): string[] {
  if (pattern.rest || pattern.segments.some((s) => s.type === 'binding')) {
    throw new WebSocketError('badRoute', `a static route path is a literal prefix, got ${route.path}`);
  }
  if (typeof route.dir !== 'string' || route.dir === '') throw new WebSocketError('badRoute', `static route ${route.path} has no dir`);
  if (route.dotfiles !== 'ignore' && route.dotfiles !== 'allow') {
    throw new WebSocketError('badRoute', `static route ${route.path}: dotfiles must be 'ignore' or 'allow', got ${JSON.stringify(route.dotfiles)}`);
  }
  return pattern.segments.map((s) => (s.type === 'literal' ? s.value : ''));
}

/** What a decoded segment may not hold: `/` (from `%2F`), a backslash (`%5C`, a separator on Windows) and NUL (`%00`). */
const SEPARATOR_OR_NUL = /[/\\\0]/;

/**
 * The decoded segments of a request path, split before decoding (as Cowboy's router); undefined
 * when it is not a path, or a segment is undecodable, a dot segment, or decodes to a separator or NUL.
 */
function splitPath(requestPath: string): string[] | undefined {
  const end = requestPath.search(/[?#]/);
  const pathOnly = end === -1 ? requestPath : requestPath.slice(0, end);
  if (!pathOnly.startsWith('/')) return undefined;
  const raw = pathOnly === '/' ? [] : pathOnly.slice(1).split('/');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  const segments: string[] = [];
  for (const part of raw) {
    const segment = decode(part);
    if (segment === undefined || segment === '.' || segment === '..' || SEPARATOR_OR_NUL.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/** A percent-decoded segment, or undefined when it does not decode. */
function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The bindings and rest of `segments` under `pattern`, or undefined. */
function matchPattern(pattern: Pattern, segments: readonly string[]): { bindings: Record<string, string>; rest: string | undefined } | undefined {
  const n = pattern.segments.length;
  if (pattern.rest ? segments.length < n : segments.length !== n) return undefined;
  const bindings: Array<[string, string]> = [];
  for (const [i, expected] of pattern.segments.entries()) {
    const segment = segments[i] as string;
    if (expected.type === 'literal' ? segment !== expected.value : segment === '') return undefined;
    if (expected.type === 'binding') bindings.push([expected.name, segment]);
  }
  return { bindings: Object.fromEntries(bindings), rest: pattern.rest ? segments.slice(n).join('/') : undefined };
}

/** The file under `prefix` that `segments` name, or undefined (also for empty or unsafe segments). */
function matchPrefix(prefix: readonly string[], segments: readonly string[]): string | undefined {
  if (segments.length < prefix.length || prefix.some((p, i) => segments[i] !== p)) return undefined;
  const file = segments.slice(prefix.length);
  return file.every((s) => s !== '' && !/[/\\\0]/.test(s)) ? file.join('/') : undefined;
}

/**
 * The absolute path of `file` (relative, `/`-separated, as in a static match) under `dir`, or
 * undefined when it could escape `dir`: a `..` segment, an absolute path, a NUL byte or a backslash.
 * Pure path logic: the file system is not consulted (a relative `dir` resolves against the cwd).
 */
export function resolveStaticFile(dir: string, file: string): string | undefined {
  if (/[\\\0]/.test(file) || file.startsWith('/') || path.isAbsolute(file)) return undefined;
  if (file.split('/').includes('..')) return undefined;
  const root = path.resolve(dir);
  const full = path.resolve(root, file);
  const inside = root.endsWith(path.sep) ? root : root + path.sep;
  return full === root || full.startsWith(inside) ? full : undefined;
}

/** Content types by extension; text types carry their charset. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The Content-Type of `file` by its extension (case-insensitive); `application/octet-stream` when unknown. */
export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
