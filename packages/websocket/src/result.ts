// Handler results as data: ok, reply and shutdown for the websocket callbacks; upgrade and respond for init.
import type { Frame } from './frame.js';

const brand = Symbol('corral.websocketResult');
// Each constructor puts the brand last: a computed key at the start of an object literal makes V8 build
// the whole literal the slow way (about 0.3 µs per result in the echo benchmark).

/** An HTTP response that refuses the upgrade. */
export interface HttpResponse {
  /** The HTTP status (400, 401, 403...). */
  status: number;
  /** Response headers. */
  headers?: Record<string, string>;
  /** The response body. */
  body?: string | Uint8Array;
}

/**
 * Options of a result. `hibernate` hibernates the connection after the callback (its state is
 * serialized, its mailbox compacted; the next frame or message wakes it, invisibly on the wire).
 * `active: false` stops reading from the socket, `active: true` resumes. `timeout` (idle ms, reset
 * only by data from the client) and `headers` (added to the 101 response) are for `websocketInit` only.
 */
export interface ResultOptions {
  /** Hibernate after this callback. */
  hibernate?: boolean;
  /** `false` stops reading from the socket, `true` resumes (Cowboy 2.x's flow control). */
  active?: boolean;
  /** websocketInit only: the idle timeout in ms (default Infinity), reset only by data from the client. */
  timeout?: number;
  /** websocketInit only: headers added to the 101 response (`sec-websocket-protocol`...). */
  headers?: Record<string, string>;
}

/** Continue with `state`. */
export interface OkResult<S> {
  /** @internal Marks a value built by a constructor. */
  readonly [brand]: true;
  /** Always `'ok'`. */
  readonly type: 'ok';
  /** The next state. */
  readonly state: S;
  /** Hibernate, active, timeout, headers. */
  readonly opts: ResultOptions | undefined;
}
/** Send `frames` in order (stopping after the first close frame), then continue with `state`. */
export interface ReplyResult<S> {
  /** @internal Marks a value built by a constructor. */
  readonly [brand]: true;
  /** Always `'reply'`. */
  readonly type: 'reply';
  /** The frames to send, in order. */
  readonly frames: readonly Frame[];
  /** The next state. */
  readonly state: S;
  /** Hibernate, active. */
  readonly opts: ResultOptions | undefined;
}
/** Close the connection with 1000 (from websocketInit: refuse the upgrade with 400 or `response`). */
export interface ShutdownResult<S> {
  /** @internal Marks a value built by a constructor. */
  readonly [brand]: true;
  /** Always `'shutdown'`. */
  readonly type: 'shutdown';
  /** The state websocketTerminate gets. */
  readonly state: S | undefined;
  /** From websocketInit: the HTTP response refusing the upgrade (default 400). */
  readonly response: HttpResponse | undefined;
}
/** init: go on to websocketInit, with `opts` replacing the route's options when given. */
export interface UpgradeResult<O> {
  /** @internal Marks a value built by a constructor. */
  readonly [brand]: true;
  /** Always `'upgrade'`. */
  readonly type: 'upgrade';
  /** The options websocketInit gets instead of the route's, when `replace`. */
  readonly opts: O | undefined;
  /** Whether `opts` replaces the route's options (`upgrade(opts)` was given some). */
  readonly replace: boolean;
}
/** init: refuse the upgrade with this HTTP response (401, 403...). */
export interface RespondResult {
  /** @internal Marks a value built by a constructor. */
  readonly [brand]: true;
  /** Always `'respond'`. */
  readonly type: 'respond';
  /** The HTTP response sent instead of the upgrade. */
  readonly response: HttpResponse;
}

/** What `websocketInit` returns. */
export type InitResult<S> = OkResult<S> | ShutdownResult<S>;
/** What `websocketHandle` and `websocketInfo` return. */
export type HandlerResult<S> = OkResult<S> | ReplyResult<S> | ShutdownResult<S>;
/** What `init` returns (nothing means: upgrade with the route's options). */
export type InitDecision<O> = UpgradeResult<O> | RespondResult | undefined | void;
/** Any result. */
export type AnyResult = OkResult<unknown> | ReplyResult<unknown> | ShutdownResult<unknown> | UpgradeResult<unknown> | RespondResult;

/** Continue with `state`. */
export function ok<S>(state: S, opts?: ResultOptions): OkResult<S> {
  return { type: 'ok', state, opts, [brand]: true };
}

/** Send `frames` (one or a list, in order, stopping after the first close frame) and continue with `state`. */
export function reply<S>(frames: Frame | readonly Frame[], state: S, opts?: ResultOptions): ReplyResult<S> {
  return { type: 'reply', frames: Array.isArray(frames) ? (frames as readonly Frame[]) : [frames as Frame], state, opts, [brand]: true };
}

/** Close with 1000 (handle/info), or refuse the upgrade (websocketInit: 400, or `response`). */
export function shutdown<S = undefined>(state?: S, response?: HttpResponse): ShutdownResult<S> {
  return { type: 'shutdown', state, response, [brand]: true };
}

/** From init: upgrade, with `opts` replacing the route's handler options for websocketInit. */
export function upgrade<O>(opts?: O): UpgradeResult<O> {
  return { type: 'upgrade', opts, replace: opts !== undefined, [brand]: true };
}

/** From init: refuse the upgrade with an HTTP response. */
export function respond(status: number, opts: { headers?: Record<string, string>; body?: string | Uint8Array } = {}): RespondResult {
  return { type: 'respond', response: { status, ...opts }, [brand]: true };
}

/** True when `value` was built by one of the constructors with a type in `allowed`. */
export function isResult(value: unknown, allowed: ReadonlyArray<AnyResult['type']>): value is AnyResult {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true
    && allowed.includes((value as AnyResult).type);
}
