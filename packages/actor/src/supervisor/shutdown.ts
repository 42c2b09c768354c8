// Stopping one child as OTP does: monitor it, send exit 'shutdown', wait for DOWN, kill it after the timeout.
import { isNormalExit, type ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import { isDownMessage, isExitMessage, type DownMessage, type ExitMessage } from '../kernel/system-message.js';
import { TIMEOUT, type ProcessContext } from '../runtime/process-context.js';
import type { ChildOptions } from './child-spec.js';

/** How stopping a child went: `ok`, or `error` with the unexpected reason it exited with (to report). */
export type ShutdownOutcome =
  | { readonly type: 'ok' }
  | { readonly type: 'error'; readonly reason: ExitReason };

const OK: ShutdownOutcome = { type: 'ok' };

/**
 * True when a child stopped with `shutdown` ended as expected: `'killed'` after `'brutalKill'`,
 * `'shutdown'` otherwise; a child that is not permanent may also end `'normal'` or `{ shutdown: term }`.
 */
export function isExpectedShutdown(reason: ExitReason, opts: Pick<ChildOptions, 'shutdown' | 'restart'>): boolean {
  if (reason === (opts.shutdown === 'brutalKill' ? 'killed' : 'shutdown')) return true;
  return opts.restart !== 'permanent' && isNormalExit(reason);
}

/**
 * Removes the link to `pid`, which has exited, and takes its EXIT message if it came: its reason is
 * the true one (a DOWN of a child that was already gone only says `'noproc'`). OTP's `unlink_flush`.
 */
export async function unlinkFlush(ctx: ProcessContext, pid: Pid, fallback: ExitReason): Promise<ExitReason> {
  ctx.unlink(pid);
  const exit = await ctx.receive((m): m is ExitMessage => isExitMessage(m) && m.from === pid, { timeout: 0 });
  return exit === TIMEOUT ? fallback : exit.reason;
}

/**
 * Stops child `pid` (OTP's `shutdown/1`): monitors it and sends the exit signal `'shutdown'`, then
 * waits for its DOWN up to `shutdown` ms and kills it when the time is up; `'brutalKill'` kills at
 * once, `'infinity'` waits as long as it takes. Other messages stay in the mailbox meanwhile. Resolves
 * once the child is gone and its link and EXIT message are cleared.
 */
export async function shutdownChild(ctx: ProcessContext, pid: Pid, opts: Pick<ChildOptions, 'shutdown' | 'restart'>): Promise<ShutdownOutcome> {
  const ref = ctx.monitor(pid);
  const isDown = (m: unknown): m is DownMessage => isDownMessage(m, ref);
  ctx.exit(pid, opts.shutdown === 'brutalKill' ? 'kill' : 'shutdown');
  const timeout = typeof opts.shutdown === 'number' ? opts.shutdown : Infinity;
  let down = await ctx.receive(isDown, { timeout });
  if (down === TIMEOUT) {
    ctx.exit(pid, 'kill');
    down = await ctx.receive(isDown);
  }
  const reason = await unlinkFlush(ctx, pid, down.reason);
  return isExpectedShutdown(reason, opts) ? OK : { type: 'error', reason };
}
