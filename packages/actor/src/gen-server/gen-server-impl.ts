// The GenServer callback contract, typed by state, init argument, call, cast and reply.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { ProcessContext } from '../runtime/process-context.js';
import type { From } from './messages.js';
import type { CallResult, InfoResult, InitResult } from './result.js';

/**
 * A GenServer's callbacks (Erlang's `gen_server`). Only `init` is required. Each returns a result
 * built with `ok`, `reply`, `noreply`, `stop` or `ignore`; any other value stops the server with a
 * `badReturnValue` error as its reason. Every callback runs in the server's own process, with its
 * context last.
 *
 * - `handleCall` answers `GenServer.call`: `reply(value, state)`, or `noreply(state)` and a later
 *   `GenServer.reply(from, value)`.
 * - `handleCast` gets `GenServer.cast` messages; `handleInfo` every other message (and `'timeout'`
 *   after a result's `timeout`); `handleContinue` the value of a result's `continue`.
 * - `terminate` runs on `stop` results, `GenServer.stop`, a crash in a callback, and, when the
 *   server traps exits, on an exit signal from its parent. It does not run when the server is
 *   killed, or when an exit signal ends it while it does not trap exits (as in OTP).
 */
export interface GenServerImpl<S, Args = void, Call = never, Cast = never, Reply = unknown> {
  /** Builds the first state from the start's `args`: `ok(state)`, `stop(reason, state)` (the start fails) or `ignore()`. */
  init(args: Args, ctx: ProcessContext): InitResult<S>;
  /** Answers a `GenServer.call`: `reply(value, state)`, `noreply(state)` (answer later with `GenServer.reply(from, value)`) or `stop`. */
  handleCall?(request: Call, from: From, state: S, ctx: ProcessContext): CallResult<S, Reply>;
  /** Handles a `GenServer.cast`: `noreply(state)` or `stop`. */
  handleCast?(msg: Cast, state: S, ctx: ProcessContext): InfoResult<S>;
  /** Handles every other message (EXIT and DOWN messages, `'timeout'` after a result's `timeout`): `noreply(state)` or `stop`. */
  handleInfo?(msg: unknown, state: S, ctx: ProcessContext): InfoResult<S>;
  /** Runs with the value of a result's `continue` option, before any other message: `noreply(state)` or `stop`. */
  handleContinue?(arg: unknown, state: S, ctx: ProcessContext): InfoResult<S>;
  /** Runs once as the server stops (see above for when); its return value is ignored. */
  terminate?(reason: ExitReason, state: S, ctx: ProcessContext): void;
}
