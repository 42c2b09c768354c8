// Values thrown to unwind a process's own code: exit/1 and hibernate/2 never return.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { HibernateFn } from './process-context.js';

/** Thrown by `ctx.exit(reason)`; the runtime ends the process with `reason` when it catches it. */
export class ProcessExit {
  constructor(readonly reason: ExitReason) {}
}

/** Thrown by `ctx.hibernate(fn, state)`; the runtime hibernates the process when it catches it. */
export class HibernateRequest {
  constructor(
    readonly fn: HibernateFn<unknown>,
    readonly state: unknown,
  ) {}
}

/** Thrown by any context operation of a process that has already exited, to unwind a body that kept running. */
export const UNWIND_DEAD = new ProcessExit('noproc');

/**
 * The reason of a `ctx.exit(reason)` unwinding through your code, or `undefined` for any other
 * thrown value. Code that catches everything (a behaviour calling user callbacks) uses it to let
 * `exit(reason)` end the process with `reason` rather than treating it as a crash.
 */
export function exitReasonOf(thrown: unknown): {
  /** The reason given to `ctx.exit`. */
  reason: unknown;
} | undefined {
  return thrown instanceof ProcessExit ? { reason: thrown.reason } : undefined;
}
