// Driving a supervisor's children: start, stop, and restart them as the pure strategy and intensity decide.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { ProcessContext } from '../runtime/process-context.js';
import type { ChildSpec } from './child-spec.js';
import { ChildTable, type ChildRecord } from './child-table.js';
import { invokeStart, type StartOutcome } from './invoke-start.js';
import type { NodeServices } from './node-services.js';
import { recordRestart } from './restart-intensity.js';
import { decideExit, planRestart } from './restart-strategy.js';
import { shutdownChild } from './shutdown.js';
import type { SupervisorFlags } from './supervisor-flags.js';
import type { Verdict } from './supervisor-loop.js';
import { TryAgainRestart } from './supervisor-messages.js';
import { reportError, type ReportContext } from './supervisor-report.js';

/** A child that failed to start while the supervisor started. */
export interface StartFailure {
  readonly id: string;
  readonly reason: unknown;
}

/** The children of one supervisor and the restarts they had: everything the supervisor process does to them. */
export class SupervisorChildren {
  readonly table = new ChildTable();
  private restarts: readonly number[] = [];

  constructor(
    private readonly ctx: ProcessContext,
    private readonly flags: SupervisorFlags,
    private readonly services: NodeServices,
  ) {}

  /** Starts the children in order; on a failure, stops those already started (in reverse order) and says which failed. */
  async startAll(specs: readonly ChildSpec[]): Promise<StartFailure | undefined> {
    for (const spec of specs) {
      const outcome = await this.startNew(spec);
      if (outcome.type === 'failed') {
        await this.terminateAll();
        return { id: spec.id, reason: outcome.reason };
      }
    }
    return undefined;
  }

  /** Starts a child that is not in the table yet and adds it after the others unless it failed (or is temporary and ignored). */
  async startNew(spec: ChildSpec): Promise<StartOutcome> {
    const record: ChildRecord = { spec, pid: undefined, restarting: false };
    const outcome = await this.start(record);
    if (outcome.type === 'started' || (outcome.type === 'ignored' && spec.restart !== 'temporary')) this.table.add(spec, record.pid);
    return outcome;
  }

  /** Starts the process of `record`; a failure is reported and leaves the child not running. */
  async start(record: ChildRecord): Promise<StartOutcome> {
    const outcome = await invokeStart(this.ctx, record.spec.start, []);
    record.restarting = false;
    record.pid = outcome.type === 'started' ? outcome.pid : undefined;
    if (outcome.type === 'failed') this.report('startError', outcome.reason, record.spec.id, undefined);
    return outcome;
  }

  /** Stops the process of `record`, if it runs (see `shutdownChild`); an unexpected exit reason is reported. */
  async terminate(record: ChildRecord): Promise<void> {
    const pid = record.pid;
    record.pid = undefined;
    record.restarting = false;
    if (pid === undefined) return;
    const outcome = await shutdownChild(this.ctx, pid, record.spec);
    if (outcome.type === 'error') this.report('shutdownError', outcome.reason, record.spec.id, pid);
  }

  /** Stops every child, in reverse start order. */
  async terminateAll(): Promise<void> {
    for (const record of [...this.table.all].reverse()) await this.terminate(record);
  }

  /** A linked process exited: when it is a child, forget, keep or restart it as its restart type says. */
  async childExited(pid: Pid, reason: ExitReason): Promise<Verdict> {
    const record = this.table.byPid(pid);
    if (record === undefined) return 'continue';
    const decision = decideExit(record.spec.restart, reason);
    if (decision.report) this.report('childTerminated', reason, record.spec.id, pid);
    record.pid = undefined;
    switch (decision.type) {
      case 'restart':
        return this.restart(record);
      case 'keep':
        return 'continue';
      case 'remove':
        this.table.remove(record.spec.id);
        return 'continue';
      default: {
        const never: never = decision;
        throw new CorralError('badOption', `unknown exit decision ${String(never)}`);
      }
    }
  }

  /** Retries a restart that failed, unless the child was stopped or deleted meanwhile. */
  async tryAgain(id: string | number): Promise<Verdict> {
    const record = typeof id === 'string' ? this.table.get(id) : undefined;
    return record?.restarting === true ? this.restart(record) : 'continue';
  }

  /**
   * Restarts `record` (OTP's `restart/2`): counts the restart against the intensity (`'shutdown'` when
   * exceeded), stops and starts the children the strategy names; a start that fails marks that child
   * restarting and tries again after the messages already waiting.
   */
  private async restart(record: ChildRecord): Promise<Verdict> {
    const check = recordRestart(this.restarts, this.services.now(), this.flags);
    this.restarts = check.window;
    if (check.exceeded) {
      this.report('shutdown', 'reachedMaxRestartIntensity', record.spec.id, undefined);
      record.restarting = false;
      return 'shutdown';
    }
    const plan = planRestart(this.flags.strategy, this.table.facts(), record.spec.id);
    for (const id of plan.stop) await this.terminate(this.child(id));
    for (const id of plan.remove) this.table.remove(id);
    for (const id of plan.start) {
      const child = this.child(id);
      const outcome = await this.start(child);
      if (outcome.type === 'failed') {
        child.restarting = true;
        this.ctx.send(this.ctx.self, new TryAgainRestart(id));
        return 'continue';
      }
    }
    return 'continue';
  }

  private child(id: string): ChildRecord {
    const record = this.table.get(id);
    if (record === undefined) throw new CorralError('childNotFound', id);
    return record;
  }

  private report(context: ReportContext, reason: unknown, id: string, pid: Pid | undefined): void {
    reportError(this.services.logger, this.ctx.self, context, reason, { id, pid });
  }
}
