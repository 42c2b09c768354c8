// Server options and routes: what listen and attach are given.
import type { Pid } from '@corral/actor';
import type { AddressInfo } from 'node:net';
import type { WebSocketHandler } from './handler.js';

const routeBrand = Symbol('corral.route');

/** A WebSocket route: a path pattern, its handler and the handler's options. Build it with {@link route}. */
export interface HandlerRoute {
  /** @internal Marks a value built by a constructor. */
  readonly [routeBrand]: true;
  /** Always `'handler'`. */
  readonly type: 'handler';
  /** The path pattern (`'/chat/:room'`, `'/files/[...]'`). */
  readonly path: string;
  /** The handler of every connection on this route. */
  readonly handler: WebSocketHandler<unknown, unknown>;
  /** The handler's options, given to `init` and `websocketInit`. */
  readonly opts: unknown;
}
/** A directory served as static files over plain HTTP (GET and HEAD). Build it with {@link staticFiles}. */
export interface StaticRoute {
  /** @internal Marks a value built by a constructor. */
  readonly [routeBrand]: true;
  /** Always `'static'`. */
  readonly type: 'static';
  /** The URL path the files are served under (`'/'`, `'/static'`). */
  readonly path: string;
  /** The directory served. */
  readonly dir: string;
  /** `'ignore'` (default): a path with a segment starting with `.` is 404; `'allow'` serves it. */
  readonly dotfiles: 'ignore' | 'allow';
}

/** Options of {@link staticFiles}. */
export interface StaticFilesOptions {
  /** Dotfiles and dot-directories (`.env`, `.git/`): `'ignore'` answers 404 (default), `'allow'` serves them. */
  dotfiles?: 'ignore' | 'allow';
}
/** A route. */
export type Route = HandlerRoute | StaticRoute;

/**
 * A WebSocket route. `path` is matched segment by segment: `'/chat/:room'` binds `room`,
 * `'/files/[...]'` matches any rest of the path (`req.rest`). `opts` reaches `init` and `websocketInit`.
 */
export function route<S, O>(path: string, handler: WebSocketHandler<S, O>, ...opts: undefined extends O ? [O?] : [O]): HandlerRoute {
  return { [routeBrand]: true, type: 'handler', path, handler: handler as unknown as WebSocketHandler<unknown, unknown>, opts: opts[0] };
}

/**
 * Serves the files under `dir` at `path` (`'/'` or `'/static'`), for `listen` servers. Dotfiles are
 * 404 unless `opts.dotfiles` is `'allow'`; a file whose real path (symlinks resolved) is outside
 * `dir`'s real path is 404.
 */
export function staticFiles(path: string, dir: string, opts: StaticFilesOptions = {}): StaticRoute {
  return { [routeBrand]: true, type: 'static', path, dir, dotfiles: opts.dotfiles ?? 'ignore' };
}

/** True when `value` was built by {@link route} or {@link staticFiles}. */
export function isRoute(value: unknown): value is Route {
  return typeof value === 'object' && value !== null && (value as { [routeBrand]?: unknown })[routeBrand] === true;
}

/** Options of `attach` (and `listen`). */
export interface ServerOptions {
  /** The routes, built by {@link route} (and {@link staticFiles} for `listen`); anything else is 404. */
  routes: readonly Route[];
  /** Largest message accepted, in bytes (default 1,000,000); larger closes with 1009. */
  maxFrameSize?: number;
  /** Negotiate permessage-deflate (default false). */
  compress?: boolean;
  /**
   * Bytes the outbound buffer of one connection may hold (default 16 MiB). Every frame counts, pongs
   * included (the automatic ones too), plus 512 bytes per frame not yet flushed.
   */
  maxBackpressure?: number;
  /** Over maxBackpressure: `'close'` closes with 1008 (default), `'drop'` drops the frame (a pong too). */
  onBackpressure?: 'close' | 'drop';
  /** Origins allowed to upgrade (default: any); others get 403. */
  allowedOrigins?: readonly string[];
  /** Connections accepted at once (default: unlimited); more get 503. */
  maxConnections?: number;
}

/** Options of `listen`. */
export interface ListenOptions extends ServerOptions {
  /** The port (0 picks a free one). */
  port: number;
  /** The host to bind (default `'127.0.0.1'`... or all interfaces with `'0.0.0.0'`). */
  host?: string;
  /**
   * Ms a client may take to send a request's headers, an upgrade's included (default 10,000;
   * Infinity: no limit). Slower requests get 408 and are closed, between this and 1.1 times it.
   */
  headersTimeout?: number;
}

/** A running WebSocket server. */
export interface Server {
  /** The bound address (for `listen` servers; the http server's for `attach`). */
  readonly address: AddressInfo;
  /** The pids of the open connections. */
  connections(): Pid[];
  /** Stops accepting, closes every connection with 1001, waits for every websocketTerminate, then resolves. */
  close(): Promise<void>;
}
