// A dynamic supervisor's children: many processes of one spec, started on demand, restarted one by one.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { ProcessContext } from '../runtime/process-context.js';
import type { DynamicSupervisorConfig } from './dynamic-supervisor-spec.js';
import { invokeStart, type StartOutcome } from './invoke-start.js';
import type { NodeServices } from './node-services.js';
import { recordRestart } from './restart-intensity.js';
import { decideExit } from './restart-strategy.js';
import { shutdownChild } from './shutdown.js';
import { shutdownChildren } from './shutdown-children.js';
import type { Verdict } from './supervisor-loop.js';
import { TryAgainRestart, type ChildCounts, type DynamicChildInfo } from './supervisor-messages.js';
import { reportError, type ReportContext } from './supervisor-report.js';

/** One dynamic child: the arguments it was started with (for restarts) and its process. */
interface DynamicChild {
  readonly key: number;
  readonly args: readonly unknown[];
  pid: Pid | undefined;
  restarting: boolean;
}

/** The children of one dynamic supervisor, in start order, and the restarts they had. */
export class DynamicChildren {
  private readonly children = new Map<number, DynamicChild>();
  private readonly byPid = new Map<Pid, DynamicChild>();
  private nextKey = 0;
  private restarts: readonly number[] = [];

  constructor(
    private readonly ctx: ProcessContext,
    private readonly config: DynamicSupervisorConfig,
    private readonly services: NodeServices,
  ) {}

  /** How many children there are, running or being restarted. */
  get size(): number {
    return this.children.size;
  }

  /** Starts a child with `args` and keeps it when it started. */
  async add(args: readonly unknown[]): Promise<StartOutcome> {
    const outcome = await invokeStart(this.ctx, this.config.child.start, args);
    if (outcome.type === 'started') this.keep({ key: this.nextKey++, args, pid: outcome.pid, restarting: false });
    return outcome;
  }

  /** Stops the child `pid` and forgets it; false when `pid` is not a child. */
  async terminate(pid: Pid): Promise<boolean> {
    const child = this.byPid.get(pid);
    if (child === undefined) return false;
    this.forget(child);
    const outcome = await shutdownChild(this.ctx, pid, this.config.child);
    if (outcome.type === 'error') this.report('shutdownError', outcome.reason, pid);
    return true;
  }

  /** Stops every child at once, with one shared shutdown timeout. */
  async terminateAll(): Promise<void> {
    const pids = [...this.byPid.keys()];
    this.children.clear();
    this.byPid.clear();
    for (const failure of await shutdownChildren(this.ctx, pids, this.config.child)) this.report('shutdownError', failure.reason, failure.pid);
  }

  /** A linked process exited: when it is a child, restart it or forget it as the restart type says. */
  async childExited(pid: Pid, reason: ExitReason): Promise<Verdict> {
    const child = this.byPid.get(pid);
    if (child === undefined) return 'continue';
    const decision = decideExit(this.config.child.restart, reason);
    if (decision.report) this.report('childTerminated', reason, pid);
    this.byPid.delete(pid);
    child.pid = undefined;
    if (decision.type === 'restart') return this.restart(child);
    this.children.delete(child.key);
    return 'continue';
  }

  /** Retries a restart that failed, unless the child was stopped meanwhile. */
  async tryAgain(key: string | number): Promise<Verdict> {
    const child = typeof key === 'number' ? this.children.get(key) : undefined;
    return child?.restarting === true ? this.restart(child) : 'continue';
  }

  /** The children as `whichChildren` lists them. */
  info(): DynamicChildInfo[] {
    const type = this.config.child.type;
    return [...this.children.values()].map((c) => ({ pid: c.pid, restarting: c.restarting, type }));
  }

  /** The counts `countChildren` answers: one spec, as in OTP. */
  counts(): ChildCounts {
    const all = this.children.size;
    const supervisors = this.config.child.type === 'supervisor' ? all : 0;
    return { specs: 1, active: this.byPid.size, supervisors, workers: all - supervisors };
  }

  /** Restarts `child` with its arguments (OTP's `restart(simple_one_for_one, ...)`), counting against the intensity. */
  private async restart(child: DynamicChild): Promise<Verdict> {
    const check = recordRestart(this.restarts, this.services.now(), this.config.limit);
    this.restarts = check.window;
    if (check.exceeded) {
      this.report('shutdown', 'reachedMaxRestartIntensity', undefined);
      this.forget(child);
      return 'shutdown';
    }
    const outcome = await invokeStart(this.ctx, this.config.child.start, child.args);
    switch (outcome.type) {
      case 'started':
        this.keep({ ...child, pid: outcome.pid, restarting: false });
        return 'continue';
      case 'ignored':
        this.forget(child);
        return 'continue';
      case 'failed':
        this.report('startError', outcome.reason, undefined);
        child.restarting = true;
        this.ctx.send(this.ctx.self, new TryAgainRestart(child.key));
        return 'continue';
      default: {
        const never: never = outcome;
        throw new CorralError('badOption', `unknown start outcome ${String(never)}`);
      }
    }
  }

  private keep(child: DynamicChild): void {
    this.children.set(child.key, child);
    if (child.pid !== undefined) this.byPid.set(child.pid, child);
  }

  private forget(child: DynamicChild): void {
    this.children.delete(child.key);
    if (child.pid !== undefined) this.byPid.delete(child.pid);
  }

  private report(context: ReportContext, reason: unknown, pid: Pid | undefined): void {
    reportError(this.services.logger, this.ctx.self, context, reason, { id: undefined, pid });
  }
}
