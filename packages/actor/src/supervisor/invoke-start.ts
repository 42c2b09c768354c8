// Calling a child's start function and turning whatever it does into one of three outcomes.
import { CorralError, isCorralError } from '../kernel/corral-error.js';
import { formatReason } from '../kernel/exit-reason.js';
import { isPid, type Pid } from '../kernel/pid.js';
import type { ProcessContext } from '../runtime/process-context.js';

/** How a start went: a pid, nothing (`ignored`), or a failure with its reason. */
export type StartOutcome =
  | { readonly type: 'started'; readonly pid: Pid }
  | { readonly type: 'ignored' }
  | { readonly type: 'failed'; readonly reason: unknown };

const IGNORED: StartOutcome = { type: 'ignored' };

/**
 * Calls `start(ctx, ...args)` in the supervisor's process and awaits it: a pid is `started`, a
 * rejection with code `ignored` is `ignored`, a throw, a rejection or a value that is not a pid is
 * `failed` (its reason is what was thrown, or a `badReturnValue` error).
 */
export async function invokeStart(
  ctx: ProcessContext, start: (ctx: ProcessContext, ...args: never[]) => Pid | Promise<Pid>, args: readonly unknown[],
): Promise<StartOutcome> {
  let pid: unknown;
  try {
    pid = await (start as (ctx: ProcessContext, ...args: unknown[]) => unknown)(ctx, ...args);
  } catch (error) {
    return isCorralError(error, 'ignored') ? IGNORED : { type: 'failed', reason: error };
  }
  if (isPid(pid)) return { type: 'started', pid };
  return { type: 'failed', reason: new CorralError('badReturnValue', `a child's start returned ${formatReason(pid)}, not a pid`, { reason: pid }) };
}
