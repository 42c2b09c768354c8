// How a process ends: its terminate callback, then its name, timers, monitors, links and exit watchers.
import { formatReason, type ExitReason } from '../kernel/exit-reason.js';
import type { Clock } from './clock.js';
import { takeLinks } from './links.js';
import type { Logger } from './logger.js';
import { dropMonitors, dropNamedMonitors, takeWatchers } from './monitors.js';
import type { ProcessHandler } from './process-context.js';
import { DEAD, EXITING, HANDLER, HIBERNATED, INLINE, RUNNING, STARTED, WAITING } from './process-flags.js';
import type { ProcessTable } from './process-table.js';
import { AsyncBody, type Process } from './process.js';
import type { Registry } from './registry.js';
import type { Relations } from './relations.js';
import type { Timers } from './timers.js';

/** What ending a process needs from the node. */
export interface TerminationHost {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly table: ProcessTable;
  readonly registry: Registry;
  readonly timers: Timers;
  readonly relations: Relations;
  wake(p: Process): unknown;
}

/** Logs Erlang's crash report for a process that threw. */
export function logCrash(logger: Logger, p: Process, error: unknown): void {
  const kind = p.ext?.kind;
  logger.error(`Error in process ${p.pid.toString()}${kind === undefined ? '' : ` (${kind})`} with exit value: ${formatReason(error)}`, {
    pid: p.pid,
    reason: error,
  });
}

function runTerminateCallback(host: TerminationHost, p: Process, reason: ExitReason): void {
  const handler = p.handler as ProcessHandler<unknown>;
  if (handler.terminate === undefined || (p.flags & STARTED) === 0) return;
  try {
    const state = (p.flags & HIBERNATED) !== 0 ? host.wake(p) : p.state;
    handler.terminate(reason, state, p);
  } catch (error) {
    host.logger.error(`terminate of ${p.pid.toString()} threw: ${formatReason(error)}`, { pid: p.pid, reason: error });
  }
}

function abandonReceive(clock: Clock, body: AsyncBody): void {
  if (body.timer !== null) clock.clearTimer(body.timer);
  body.timer = null;
  body.resolve = null;
}

/**
 * Ends `p` with `reason`, once: a handler's terminate callback runs first (the process can still
 * send); then the process is dead for everyone: out of the table, its pid detached, its name freed,
 * timers aimed at it dropped, DOWN to its monitors, exit signals to its links, exit watchers told.
 */
export function terminateProcess(host: TerminationHost, p: Process, reason: ExitReason): void {
  if ((p.flags & (DEAD | EXITING)) !== 0) return;
  p.flags |= EXITING;
  if ((p.flags & HANDLER) !== 0) runTerminateCallback(host, p, reason);
  else if (p.handler instanceof AsyncBody) abandonReceive(host.clock, p.handler);
  p.flags = (p.flags | DEAD) & ~(RUNNING | WAITING | INLINE);
  host.table.remove(p);
  p.pid.proc = null;
  p.q = null;
  p.state = undefined;
  p.handler = null;
  const ext = p.ext;
  if (ext === null) return;
  host.registry.release(p);
  host.timers.dropFor(p);
  const { relations } = host;
  dropMonitors(p, (ref, target) => relations.releaseMonitor(p.pid, ref, target));
  dropNamedMonitors(p, (ref, name) => relations.releaseNamedMonitor(p.pid, ref, name));
  for (const [ref, watcher] of takeWatchers(p)) relations.notifyDown(watcher, ref, p.pid, reason);
  for (const linked of takeLinks(p)) relations.exitSignal(p.pid, linked, reason, true);
  const watchers = ext.exitWatchers;
  ext.exitWatchers = null;
  if (watchers !== null) for (const watcher of watchers) watcher(reason);
}
