// The options of listen and attach, checked once and given their defaults.
import { formatReason } from '@corral/actor';
import type { ConnectionSettings } from './connection-request.js';
import type { ListenOptions, ServerOptions } from './options.js';
import { compileRoutes, type CompiledRoutes } from './routes.js';
import { WebSocketError } from './websocket-error.js';

/** Checked server options. */
export interface ResolvedOptions extends ConnectionSettings {
  routes: CompiledRoutes;
  allowedOrigins: readonly string[] | undefined;
  maxConnections: number;
}

/** Checked listen options. */
export interface ResolvedListenOptions {
  port: number;
  host: string;
  options: ResolvedOptions;
  /** The timeouts of the HTTP server listen creates. */
  http: HttpTimeouts;
}

/** The timeouts of node:http's createServer that bound a request's headers. */
export interface HttpTimeouts {
  /** Ms a client may take to send a request's headers (0: no limit). */
  headersTimeout: number;
  /** Ms a client may take to send a whole request (0: no limit); never below headersTimeout. */
  requestTimeout: number;
  /** How often Node checks these timeouts, in ms: a slow request is cut between the timeout and the timeout plus this. */
  connectionsCheckingInterval: number;
}

/** Node's default requestTimeout, kept unless headersTimeout is longer. */
const NODE_REQUEST_TIMEOUT_MS = 300_000;

/**
 * The createServer timeouts for a `headersTimeout` (ms, or Infinity for none): Node checks every
 * tenth of it (at most every second), so a request whose headers are not complete is answered 408
 * and closed between the timeout and 1.1 times it, as Cowboy 2.x's idle timeout ticks.
 */
export function httpTimeouts(headersTimeout: number): HttpTimeouts {
  if (!Number.isFinite(headersTimeout)) return { headersTimeout: 0, requestTimeout: NODE_REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1000 };
  const connectionsCheckingInterval = Math.max(1, Math.min(1000, Math.ceil(headersTimeout / 10)));
  return { headersTimeout, requestTimeout: Math.max(NODE_REQUEST_TIMEOUT_MS, headersTimeout), connectionsCheckingInterval };
}

const SERVER_KEYS = ['routes', 'maxFrameSize', 'compress', 'maxBackpressure', 'onBackpressure', 'allowedOrigins', 'maxConnections'];
const LISTEN_KEYS = [...SERVER_KEYS, 'port', 'host', 'headersTimeout'];
/** The default headersTimeout of listen, in ms. */
const HEADERS_TIMEOUT_MS = 10_000;
/** The largest maxFrameSize ws's Receiver can hold (it keeps the limit in an int32). */
const MAX_FRAME_SIZE = 2 ** 31 - 1;

function bad(detail: string): WebSocketError {
  return new WebSocketError('badOption', detail);
}

/** A positive integer up to `max`, Infinity when allowed, or the default. */
function limit(value: unknown, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (value === Infinity || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max)) return value;
  throw bad(`${name} must be an integer in 1..${max} or Infinity, got ${formatReason(value)}`);
}

function checkKeys(opts: object, allowed: readonly string[]): void {
  for (const key of Object.keys(opts)) if (!allowed.includes(key)) throw bad(`unknown option ${key}`);
}

function origins(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((o) => typeof o === 'string')) throw bad('allowedOrigins must be an array of strings');
  return [...(value as string[])];
}

/**
 * Checks `opts` and fills the defaults: maxFrameSize 1,000,000, compress false, maxBackpressure
 * 16 MiB, onBackpressure 'close', any origin, unlimited connections. Compiles the routes once.
 * `attach` servers serve no static files (they only listen to 'upgrade'). Throws WebSocketError
 * `badOption` (or `badRoute`/`duplicateRoute` from the routes).
 */
export function resolveServerOptions(opts: ServerOptions, kind: 'listen' | 'attach', keys: readonly string[] = SERVER_KEYS): ResolvedOptions {
  if (typeof opts !== 'object' || opts === null) throw bad('options must be an object');
  checkKeys(opts, keys);
  const { compress = false, onBackpressure = 'close' } = opts;
  if (typeof compress !== 'boolean') throw bad(`compress must be a boolean, got ${formatReason(compress)}`);
  if (onBackpressure !== 'close' && onBackpressure !== 'drop') throw bad(`onBackpressure must be 'close' or 'drop', got ${formatReason(onBackpressure)}`);
  const routes = compileRoutes(opts.routes);
  if (kind === 'attach' && opts.routes.some((r) => r.type === 'static')) throw bad('staticFiles routes need listen: attach only handles upgrades');
  return {
    routes,
    maxFrameSize: limit(opts.maxFrameSize, 'maxFrameSize', 1_000_000, MAX_FRAME_SIZE),
    compress,
    maxBackpressure: limit(opts.maxBackpressure, 'maxBackpressure', 16 * 1024 * 1024),
    onBackpressure,
    allowedOrigins: origins(opts.allowedOrigins),
    maxConnections: limit(opts.maxConnections, 'maxConnections', Infinity),
  };
}

/**
 * Checks listen's options: `port` (0-65535, 0 picks a free one), `host` (default '127.0.0.1'),
 * `headersTimeout` (ms, default 10,000, Infinity for none) and the server options.
 */
export function resolveListenOptions(opts: ListenOptions): ResolvedListenOptions {
  if (typeof opts !== 'object' || opts === null) throw bad('options must be an object');
  const { port, host = '127.0.0.1' } = opts;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw bad(`port must be an integer in 0..65535, got ${formatReason(port)}`);
  if (typeof host !== 'string' || host === '') throw bad(`host must be a non-empty string, got ${formatReason(host)}`);
  const options = resolveServerOptions(opts, 'listen', LISTEN_KEYS);
  return { port, host, options, http: httpTimeouts(limit(opts.headersTimeout, 'headersTimeout', HEADERS_TIMEOUT_MS, 2 ** 31 - 1)) };
}
