// Calling a handler callback: what it returned, or what it threw (telling ctx.exit(reason) apart from a crash).
import { exitReasonOf, formatReason, isNormalExit, type Logger, type ProcessContext } from '@corral/actor';
import type { HandlerRoute } from './options.js';
import type { Req } from './req.js';
import type { TerminateReason } from './terminate-reason.js';

/** The outcome of one callback call. */
export type CallOutcome =
  | { type: 'returned'; value: unknown }
  /**
   * It threw. `cause` is what it threw, or the reason given to `ctx.exit(reason)`, in which case
   * `exit` is true and `thrown` must be rethrown for the process to end with that reason.
   */
  | { type: 'threw'; thrown: unknown; cause: unknown; exit: boolean };

/** What a callback threw, as an outcome: `ctx.exit(reason)` (to be rethrown) told apart from a crash. */
export function threw(thrown: unknown): Extract<CallOutcome, { type: 'threw' }> {
  const exit = exitReasonOf(thrown);
  return exit === undefined ? { type: 'threw', thrown, cause: thrown, exit: false } : { type: 'threw', thrown, cause: exit.reason, exit: true };
}

/** Calls `callback`; never throws. Hot paths call their callback in their own try/catch, with {@link threw}. */
export function invoke(callback: () => unknown): CallOutcome {
  try {
    return { type: 'returned', value: callback() };
  } catch (thrown) {
    return threw(thrown);
  }
}

/** Calls websocketTerminate: what it returns is ignored, a throw is logged (a `ctx.exit(reason)` is rethrown). */
export function callTerminate(route: HandlerRoute, req: Req, reason: TerminateReason, state: unknown, ctx: ProcessContext, logger: Logger): void {
  const called = invoke(() => route.handler.websocketTerminate(reason, req, state, ctx));
  if (called.type === 'returned') return;
  if (called.exit) throw called.thrown;
  logger.error(`websocketTerminate of WebSocket connection ${ctx.self.toString()} (route ${route.path}) threw: ${formatReason(called.cause)}`, {
    pid: ctx.self, route: route.path, reason: called.cause,
  });
}

/** Ends the connection's process after a crash: logs it once (pid and route), then exits with its cause (or rethrows a `ctx.exit(reason)`). */
export function exitCrashed(crash: Extract<CallOutcome, { type: 'threw' }>, route: HandlerRoute, ctx: ProcessContext, logger: Logger): never {
  if (!isNormalExit(crash.cause)) {
    logger.error(`WebSocket connection ${ctx.self.toString()} (route ${route.path}) crashed: ${formatReason(crash.cause)}`, {
      pid: ctx.self, route: route.path, reason: crash.cause,
    });
  }
  if (crash.exit) throw crash.thrown;
  return ctx.exit(crash.cause);
}
