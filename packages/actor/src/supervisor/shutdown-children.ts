// Stopping many children at once (a dynamic supervisor's): one exit signal each, one shared timeout, then kill.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import { isDownMessage, type DownMessage } from '../kernel/system-message.js';
import type { ProcessContext } from '../runtime/process-context.js';
import type { ChildOptions } from './child-spec.js';
import { isExpectedShutdown, unlinkFlush } from './shutdown.js';

/** The shared shutdown timeout firing: kill the children still alive. */
class KillTimer {
  constructor(readonly ref: Ref) {}
}

/** A child that did not end with the reason its shutdown expects. */
export interface ShutdownFailure {
  readonly pid: Pid;
  readonly reason: ExitReason;
}

/**
 * Stops every pid of `pids` concurrently (OTP's `terminate_dynamic_children`): monitors each and
 * sends `'shutdown'` (or `'kill'` for `'brutalKill'`), kills those still alive when `shutdown` ms
 * have passed, and waits for every DOWN. Resolves with the children that ended unexpectedly.
 */
export async function shutdownChildren(ctx: ProcessContext, pids: readonly Pid[], opts: Pick<ChildOptions, 'shutdown' | 'restart'>): Promise<ShutdownFailure[]> {
  const pending = new Map<Ref, Pid>();
  const signal = opts.shutdown === 'brutalKill' ? 'kill' : 'shutdown';
  for (const pid of pids) {
    pending.set(ctx.monitor(pid), pid);
    ctx.exit(pid, signal);
  }
  const killAll = (): void => {
    for (const pid of pending.values()) ctx.exit(pid, 'kill');
  };
  const token = ctx.makeRef();
  const isTimer = (m: unknown): m is KillTimer => m instanceof KillTimer && m.ref === token;
  let timer: Ref | null = null;
  if (opts.shutdown === 0) killAll();
  else if (typeof opts.shutdown === 'number' && pending.size > 0) timer = ctx.sendAfter(opts.shutdown, ctx.self, new KillTimer(token));
  const failures: ShutdownFailure[] = [];
  while (pending.size > 0) {
    const msg = await ctx.receive((m): m is DownMessage | KillTimer => (isDownMessage(m) && pending.has(m.ref)) || isTimer(m));
    if (msg instanceof KillTimer) {
      killAll();
      continue;
    }
    const pid = pending.get(msg.ref) as Pid;
    pending.delete(msg.ref);
    const reason = await unlinkFlush(ctx, pid, msg.reason);
    if (!isExpectedShutdown(reason, opts)) failures.push({ pid, reason });
  }
  if (timer !== null && ctx.cancelTimer(timer) === false) await ctx.receive(isTimer, { timeout: 0 });
  return failures;
}
