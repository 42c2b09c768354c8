// The receive loop every supervisor runs: child exits, its parent's exit, calls, stop requests and retried restarts.
import { Envelope } from '../kernel/envelope.js';
import { formatReason, type ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import { isExitMessage } from '../kernel/system-message.js';
import { replyTo } from '../gen-server/call.js';
import { CallRequest, openEnvelope, StopRequest } from '../gen-server/messages.js';
import type { Logger } from '../runtime/logger.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { TryAgainRestart, type SupervisorReply } from './supervisor-messages.js';

/** After handling a message: go on, or stop every child and exit with `'shutdown'` (restart intensity reached). */
export type Verdict = 'continue' | 'shutdown';

/** What a kind of supervisor does with each message the loop receives. */
export interface SupervisorCore {
  /** A linked process that is not the parent exited (a child, or a stale link). */
  childExited(pid: Pid, reason: ExitReason): Promise<Verdict>;
  /** A restart that failed is due to be tried again. */
  tryAgain(child: string | number): Promise<Verdict>;
  /** Answers a client request. */
  handleCall(request: unknown): Promise<SupervisorReply<unknown>>;
  /** Stops every child (before the supervisor exits). */
  terminateAll(): Promise<void>;
}

type Step = { readonly type: 'continue' } | { readonly type: 'exit'; readonly reason: ExitReason };

const CONTINUE: Step = { type: 'continue' };

function fromVerdict(verdict: Verdict): Step {
  return verdict === 'shutdown' ? { type: 'exit', reason: 'shutdown' } : CONTINUE;
}

async function step(ctx: ProcessContext, parent: Pid, core: SupervisorCore, logger: Logger, received: unknown): Promise<Step> {
  const msg = received instanceof Envelope ? openEnvelope(received) : received;
  if (isExitMessage(msg)) {
    if (msg.from === parent) return { type: 'exit', reason: msg.reason };
    return fromVerdict(await core.childExited(msg.from, msg.reason));
  }
  if (msg instanceof CallRequest) {
    replyTo(msg.from, await core.handleCall(msg.request));
    return CONTINUE;
  }
  if (msg instanceof TryAgainRestart) return fromVerdict(await core.tryAgain(msg.child));
  if (msg instanceof StopRequest) return { type: 'exit', reason: msg.reason };
  logger.warn(`Supervisor ${ctx.self.toString()} received an unexpected message: ${formatReason(msg)}`, { pid: ctx.self, msg });
  return CONTINUE;
}

/**
 * Runs a supervisor until it exits: an exit signal from `parent` or a `GenServer.stop` stops every
 * child and exits with that reason (OTP's gen_server terminate); reaching the restart intensity
 * does the same with `'shutdown'`, so the failure climbs to the supervisor's own supervisor.
 */
export async function superviseLoop(ctx: ProcessContext, parent: Pid, core: SupervisorCore, logger: Logger): Promise<never> {
  for (;;) {
    const next = await step(ctx, parent, core, logger, await ctx.receive());
    if (next.type === 'exit') {
      await core.terminateAll();
      return ctx.exit(next.reason);
    }
  }
}
