// The supervisor process: traps exits, starts its children in order, then runs the supervisor loop.
import { formatReason } from '../kernel/exit-reason.js';
import type { ProcessContext } from '../runtime/process-context.js';
import type { SupervisorBody } from './launch-supervisor.js';
import { nodeServices } from './node-services.js';
import { handleSupervisorCall } from './supervisor-calls.js';
import { SupervisorChildren } from './supervisor-children.js';
import { superviseLoop, type SupervisorCore } from './supervisor-loop.js';
import type { SupervisorConfig } from './supervisor-spec.js';

function coreOf(children: SupervisorChildren): SupervisorCore {
  return {
    childExited: (pid, reason) => children.childExited(pid, reason),
    tryAgain: (id) => children.tryAgain(id),
    handleCall: (request) => handleSupervisorCall(children, request),
    terminateAll: () => children.terminateAll(),
  };
}

/**
 * The body of a supervisor with `config`. It traps exits and starts the children in order; when one
 * fails to start, it stops the others in reverse order, reports the failure to its starter and exits
 * with `{ shutdown: { failedToStartChild: id, reason } }` (unlinked first, so the starter lives on).
 * Otherwise the start resolves and the supervisor loop runs.
 */
export function supervisorBody(config: SupervisorConfig): SupervisorBody {
  return async (ctx: ProcessContext, starter, parent) => {
    ctx.trapExit(true);
    const services = nodeServices(ctx);
    const children = new SupervisorChildren(ctx, config.flags, services);
    const failure = await children.startAll(config.children);
    if (failure !== undefined) {
      const reason = { shutdown: { failedToStartChild: failure.id, reason: failure.reason } };
      ctx.unlink(parent);
      const why = failure.reason instanceof Error ? failure.reason.message : formatReason(failure.reason);
      starter.failed(reason, `child ${failure.id} failed to start: ${why}`, failure.reason);
      return ctx.exit(reason);
    }
    starter.started();
    return superviseLoop(ctx, parent, coreOf(children), services.logger);
  };
}
