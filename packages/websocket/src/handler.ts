// The handler contract of a WebSocket route (Cowboy 1.0's cowboy_websocket_handler, in TypeScript names).
import type { ProcessContext } from '@corral/actor';
import type { InFrame } from './frame.js';
import type { Req } from './req.js';
import type { HandlerResult, InitDecision, InitResult } from './result.js';
import type { TerminateReason } from './terminate-reason.js';

/**
 * A WebSocket handler. Every callback runs in the connection's own process (`ctx.self` is its pid,
 * so other processes reach the connection with `send(pid, msg)`, which arrives in `websocketInfo`).
 * The order is always: `init` (optional), `websocketInit`, then any number of `websocketHandle` and
 * `websocketInfo`, then `websocketTerminate` exactly once, unless the upgrade never happened.
 *
 * - `init(req, opts)` may refuse the upgrade (`respond(403)`) or replace `opts` (`upgrade(newOpts)`).
 * - `websocketInit(req, opts)` runs before the 101 response: `ok(state, { timeout?, hibernate?, headers? })`
 *   or `shutdown()` (no upgrade: 400, or the response given to shutdown). Messages it sends to
 *   `ctx.self` arrive before any client frame.
 * - `websocketHandle(frame, req, state)` gets client frames, `websocketInfo(msg, req, state)` every
 *   other message; both return `ok`, `reply` or `shutdown`. Throwing, or returning anything else,
 *   closes with 1011 and terminates with `{ type: 'error', error: 'handler', cause }` (with the state
 *   from before the call), then the process exits with that error.
 * - `websocketTerminate(reason, req, state)` is told why the connection ended.
 */
export interface WebSocketHandler<S, O = undefined> {
  /** Decides on the upgrade: nothing (upgrade), `upgrade(newOpts)` or `respond(status, { headers?, body? })`. */
  init?(req: Req, opts: O, ctx: ProcessContext): InitDecision<O>;
  /** Runs before the 101 response: `ok(state, opts?)` upgrades, `shutdown()` refuses. */
  websocketInit(req: Req, opts: O, ctx: ProcessContext): InitResult<S>;
  /** Handles a client frame (text, binary, ping, pong): `ok`, `reply` or `shutdown`. */
  websocketHandle(frame: InFrame, req: Req, state: S, ctx: ProcessContext): HandlerResult<S>;
  /** Handles any other message sent to the connection's pid: `ok`, `reply` or `shutdown`. */
  websocketInfo(msg: unknown, req: Req, state: S, ctx: ProcessContext): HandlerResult<S>;
  /** Told once why the connection ended (see the close table in the README); its return is ignored. */
  websocketTerminate(reason: TerminateReason, req: Req, state: S, ctx: ProcessContext): void;
}
