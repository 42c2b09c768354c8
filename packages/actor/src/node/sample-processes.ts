// sampleProcesses: one walk of a node's process table with each process's cheap counters, for observers.
import type { Pid } from '../kernel/pid.js';
import { mailboxLength } from '../runtime/mailbox.js';
import { statusOf, type ProcessStatus } from '../runtime/process-info.js';
import type { Node } from './node.js';

/**
 * One process as {@link sampleProcesses} sees it: the counters of `processInfo` that cost nothing to
 * read (no links, monitors or memory estimate).
 */
export interface ProcessSample {
  /** The process. */
  pid: Pid;
  /** What it is doing now. */
  status: ProcessStatus;
  /** The `kind` given at spawn (`'connection'`, `'room'`...), if any. */
  kind: string | undefined;
  /** Its registered name, if any. */
  registeredName: string | undefined;
  /** Messages waiting in its mailbox. */
  messageQueueLen: number;
  /** Messages it has taken out of its mailbox so far. */
  messagesHandled: number;
}

/**
 * Every live process of `node`, oldest first, with its status, kind, name, mailbox length and
 * messages handled: one walk of the process table and one small object per process, with no copy of
 * links or monitors and no memory estimate. An observer samples the whole node with it once a second
 * (10,000 processes take about a millisecond), then asks `node.processInfo(pid)` for the few processes
 * it shows in detail.
 */
export function sampleProcesses(node: Node): ProcessSample[] {
  return node.runtime.table.list().map((p) => ({
    pid: p.pid,
    status: statusOf(p.flags),
    kind: p.ext?.kind,
    registeredName: p.ext?.name,
    messageQueueLen: mailboxLength(p),
    messagesHandled: p.handled,
  }));
}
