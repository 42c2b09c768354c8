// Calling a handler callback: what it returned, or what it threw (telling ctx.exit(reason) apart from a crash).
import { exitReasonOf } from '@corral/actor';

/** The outcome of one callback call. */
export type CallOutcome =
  | { type: 'returned'; value: unknown }
  /**
   * It threw. `cause` is what it threw, or the reason given to `ctx.exit(reason)`, in which case
   * `exit` is true and `thrown` must be rethrown for the process to end with that reason.
   */
  | { type: 'threw'; thrown: unknown; cause: unknown; exit: boolean };

/** Calls `callback`; never throws. */
export function invoke(callback: () => unknown): CallOutcome {
  try {
    return { type: 'returned', value: callback() };
  } catch (thrown) {
    const exit = exitReasonOf(thrown);
    return exit === undefined ? { type: 'threw', thrown, cause: thrown, exit: false } : { type: 'threw', thrown, cause: exit.reason, exit: true };
  }
}
