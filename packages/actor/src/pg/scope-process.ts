// The process of a pg scope: it owns the scope's lifetime (and, with a cluster, will carry its replication).
import type { Logger } from '../runtime/logger.js';
import type { ProcessContext, ProcessHandler } from '../runtime/process-context.js';
import type { Pg } from './pg.js';

/**
 * The handler of a scope process; it knows its {@link Pg}, so that the scope can be found from its
 * registered name and, later, so that replication messages from other nodes reach the membership.
 * Membership lives in the Pg and is read and changed synchronously, so the process has nothing to
 * do yet but exist: its exit ends the scope (as the death of Erlang's pg server drops its ETS table),
 * and a linked supervisor can restart it. Messages it does not know are logged, never dropped silently.
 */
export class ScopeProcess implements ProcessHandler<null> {
  /** The scope this process runs, set by `startPg` right after the spawn. */
  pg: Pg | null = null;

  constructor(
    readonly scope: string,
    private readonly logger: Logger,
  ) {}

  init(): null {
    return null;
  }

  handleMessage(msg: unknown, state: null, ctx: ProcessContext): null {
    this.logger.warn(`pg scope ${this.scope} (${ctx.self.toString()}) got an unexpected message`, { pid: ctx.self, message: msg });
    return state;
  }
}
