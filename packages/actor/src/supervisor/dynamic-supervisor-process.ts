// The dynamic supervisor process: traps exits, starts nothing up front, and answers startChild and friends.
import { CorralError } from '../kernel/corral-error.js';
import { formatReason } from '../kernel/exit-reason.js';
import { isPid } from '../kernel/pid.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { DynamicChildren } from './dynamic-children.js';
import type { DynamicSupervisorConfig } from './dynamic-supervisor-spec.js';
import type { SupervisorBody } from './launch-supervisor.js';
import { nodeServices } from './node-services.js';
import { superviseLoop } from './supervisor-loop.js';
import { errorReply, okReply, startReply, type DynamicRequest, type SupervisorReply } from './supervisor-messages.js';

type Reply = SupervisorReply<unknown>;

async function startChild(children: DynamicChildren, config: DynamicSupervisorConfig, args: readonly unknown[]): Promise<Reply> {
  if (children.size >= config.maxChildren) return errorReply(new CorralError('maxChildren', `${children.size} of ${config.maxChildren}`));
  if (!Array.isArray(args)) return errorReply(new CorralError('badOption', 'startChild arguments must be an array'));
  return startReply('dynamic child', await children.add(args));
}

async function terminateChild(children: DynamicChildren, pid: unknown): Promise<Reply> {
  if (!isPid(pid)) return errorReply(new CorralError('badPid', `terminateChild: ${String(pid)}`));
  if (!(await children.terminate(pid))) return errorReply(new CorralError('childNotFound', pid.toString()));
  return okReply(undefined);
}

/** Answers one client request of a dynamic supervisor; anything else gets a `badOption` error. */
export async function handleDynamicCall(children: DynamicChildren, config: DynamicSupervisorConfig, request: unknown): Promise<Reply> {
  if (typeof request !== 'object' || request === null) return errorReply(new CorralError('badOption', `not a dynamic supervisor request: ${formatReason(request)}`));
  const r = request as DynamicRequest;
  switch (r.type) {
    case 'startDynamicChild':
      return startChild(children, config, r.args);
    case 'terminateDynamicChild':
      return terminateChild(children, r.pid);
    case 'whichChildren':
      return okReply(children.info());
    case 'countChildren':
      return okReply(children.counts());
    default: {
      const never: never = r;
      return errorReply(new CorralError('badOption', `not a dynamic supervisor request: ${formatReason(never)}`));
    }
  }
}

/** The body of a dynamic supervisor with `config`: it traps exits, resolves its start at once, then runs the supervisor loop. */
export function dynamicSupervisorBody(config: DynamicSupervisorConfig): SupervisorBody {
  return async (ctx: ProcessContext, starter, parent) => {
    ctx.trapExit(true);
    const services = nodeServices(ctx);
    const children = new DynamicChildren(ctx, config, services);
    starter.started();
    return superviseLoop(ctx, parent, {
      childExited: (pid, reason) => children.childExited(pid, reason),
      tryAgain: (key) => children.tryAgain(key),
      handleCall: (request) => handleDynamicCall(children, config, request),
      terminateAll: () => children.terminateAll(),
    }, services.logger);
  };
}
