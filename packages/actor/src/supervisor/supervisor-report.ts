// Supervisor error reports (OTP's start_error, child_terminated, shutdown_error and shutdown), written to the node's logger.
import { formatReason, type ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { Logger } from '../runtime/logger.js';

/** Why a supervisor reports: a child failed to start, exited, stopped badly, or the supervisor gave up. */
export type ReportContext = 'startError' | 'childTerminated' | 'shutdownError' | 'shutdown';

/** The child a report is about. */
export interface Offender {
  /** The child's id (undefined for a dynamic supervisor's child). */
  readonly id: string | undefined;
  readonly pid: Pid | undefined;
}

/** Logs a supervisor error report with the supervisor, the context, the reason and the offending child. */
export function reportError(logger: Logger, supervisor: Pid, context: ReportContext, reason: ExitReason, offender: Offender): void {
  const child = `${offender.id ?? 'dynamic child'}${offender.pid === undefined ? '' : ` ${offender.pid.toString()}`}`;
  logger.error(`Supervisor ${supervisor.toString()} ${context}: ${child}: ${formatReason(reason)}`, {
    pid: supervisor,
    context,
    reason,
    child: offender.id,
    childPid: offender.pid,
  });
}
