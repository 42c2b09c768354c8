// The upgrade decision of a connection: init and websocketInit, as data (upgrade, refuse, or crash).
import { formatReason, type ProcessContext } from '@corral/actor';
import type { ConnectionRequest } from './connection-request.js';
import { negotiateDeflate } from './deflate.js';
import { invoke, type CallOutcome } from './handler-call.js';
import type { WebSocketHandler } from './handler.js';
import { acceptKey, httpResponse, switchingProtocols } from './handshake.js';
import type { Req } from './req.js';
import { isResult, type HttpResponse, type ResultOptions } from './result.js';
import { WebSocketError } from './websocket-error.js';
import type { WsPerMessageDeflate } from './ws-parts.js';

/** How the connection runs after websocketInit's `ok`. */
export interface OpenOptions {
  state: unknown;
  /** Idle timeout in ms (Infinity: none). */
  timeout: number;
  hibernate: boolean;
  active: boolean;
  /** Extra headers of the 101 response. */
  headers: Record<string, string>;
}

/** A callback that threw, or returned something invalid (as a WebSocketError). */
export type Crash = Extract<CallOutcome, { type: 'threw' }>;

/** What the upgrade request gets: the 101, an HTTP refusal (raw bytes), or a crash (500, no terminate). */
export type UpgradeOutcome =
  | { type: 'upgrade'; open: OpenOptions }
  | { type: 'refuse'; response: Buffer }
  | { type: 'crash'; crash: Crash };

/** A crash for an invalid value, with a WebSocketError as its cause. */
export function invalid(code: 'badResult' | 'badFrame', detail: string): Crash {
  const error = new WebSocketError(code, detail);
  return { type: 'threw', thrown: error, cause: error, exit: false };
}

function refuse(response: HttpResponse): UpgradeOutcome {
  try {
    return { type: 'refuse', response: httpResponse(response) };
  } catch (error) {
    return { type: 'crash', crash: { type: 'threw', thrown: error, cause: error, exit: false } };
  }
}

function crash(c: Crash): UpgradeOutcome {
  return { type: 'crash', crash: c };
}

/**
 * Runs `init` (when the handler has one), then `websocketInit`, in the connection's process. `init`
 * may refuse (`respond`) or replace the route's options (`upgrade(opts)`); `websocketInit` returns
 * `ok` (upgrade) or `shutdown` (refuse: 400, or the response it gives). A throw, or a value that is
 * not a result of the callback (Cowboy crashes without a response there; Corral answers 500), is a crash.
 */
export function decideUpgrade(handler: WebSocketHandler<unknown, unknown>, req: Req, routeOpts: unknown, ctx: ProcessContext): UpgradeOutcome {
  let opts = routeOpts;
  if (handler.init !== undefined) {
    const init = handler.init;
    const called = invoke(() => init.call(handler, req, routeOpts, ctx));
    if (called.type === 'threw') return crash(called);
    const decision = called.value;
    if (isResult(decision, ['respond', 'upgrade'])) {
      if (decision.type === 'respond') return refuse(decision.response);
      if (decision.type === 'upgrade' && decision.replace) opts = decision.opts;
    } else if (decision !== undefined) {
      return crash(invalid('badResult', `init returned ${formatReason(decision)}`));
    }
  }
  const called = invoke(() => handler.websocketInit(req, opts, ctx));
  if (called.type === 'threw') return crash(called);
  const result = called.value;
  if (!isResult(result, ['ok', 'shutdown'])) return crash(invalid('badResult', `websocketInit returned ${formatReason(result)}`));
  if (result.type === 'shutdown') return refuse(result.response ?? { status: 400 });
  if (result.type !== 'ok') return crash(invalid('badResult', `websocketInit returned ${result.type}`));
  const checked = openOptions(result.opts);
  return typeof checked === 'string' ? crash(invalid('badResult', `websocketInit: ${checked}`)) : { type: 'upgrade', open: { ...checked, state: result.state } };
}

/** The options of websocketInit's `ok`, checked; a string says what is wrong. */
function openOptions(opts: ResultOptions | undefined): Omit<OpenOptions, 'state'> | string {
  if (opts === undefined) return { timeout: Infinity, hibernate: false, active: true, headers: {} };
  if (typeof opts !== 'object' || opts === null) return `options must be an object, got ${formatReason(opts)}`;
  const { timeout = Infinity, hibernate = false, active = true, headers = {} } = opts;
  if (typeof timeout !== 'number' || !(timeout >= 0)) return `timeout must be a number of milliseconds >= 0 or Infinity, got ${formatReason(timeout)}`;
  if (typeof hibernate !== 'boolean') return `hibernate must be a boolean, got ${formatReason(hibernate)}`;
  if (typeof active !== 'boolean') return `active must be a boolean, got ${formatReason(active)}`;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return `headers must be an object, got ${formatReason(headers)}`;
  return { timeout, hibernate, active, headers };
}

/** The 101 response, and the permessage-deflate it accepts (its header is in the response). */
export interface Accepted {
  type: 'accept';
  head: string;
  deflate: WsPerMessageDeflate | undefined;
}

/**
 * The 101 response to `request` for websocketInit's `open`: its headers, and permessage-deflate when
 * the server compresses and the client offers an acceptable one. Headers that cannot be written are
 * a crash (the deflate, if any, released).
 */
export function acceptUpgrade(request: Pick<ConnectionRequest, 'key' | 'extensions' | 'settings'>, open: OpenOptions): Accepted | Crash {
  const { settings } = request;
  const deflate = settings.compress ? negotiateDeflate(request.extensions, Number.isFinite(settings.maxFrameSize) ? settings.maxFrameSize : 0) : undefined;
  try {
    const headers = deflate === undefined ? open.headers : { ...open.headers, 'sec-websocket-extensions': deflate.header };
    return { type: 'accept', head: switchingProtocols(acceptKey(request.key), headers), deflate: deflate?.extension };
  } catch (error) {
    deflate?.extension.cleanup();
    return { type: 'threw', thrown: error, cause: error, exit: false };
  }
}
