// processInfo: a snapshot of one process (status, mailbox, links, monitors, name, counters, memory).
import type { Pid } from '../kernel/pid.js';
import { mailboxLength, mailboxMessages } from './mailbox.js';
import { estimateSize } from './memory-estimate.js';
import { AsyncBody, type Process } from './process.js';
import { ENCODED, EXITING, HANDLER, HIBERNATED, RUNNING, SCHEDULED, TRAP_EXIT } from './process-flags.js';

/**
 * What a process is doing: `running` (in its handler, or an async body between receives),
 * `runnable` (queued to run), `waiting` (for a message), `hibernated` (state serialized, waiting),
 * `exiting` (its terminate callback is running).
 */
export type ProcessStatus = 'running' | 'runnable' | 'waiting' | 'hibernated' | 'exiting';

/** A snapshot of a process, as `node.processInfo(pid)` returns it. */
export interface ProcessInfo {
  /** The process. */
  pid: Pid;
  /** What it is doing now. */
  status: ProcessStatus;
  /** `'handler'` for callback-driven processes, `'async'` for async bodies. */
  behaviour: 'handler' | 'async';
  /** The `kind` given at spawn (`'connection'`, `'room'`...), if any. */
  kind: string | undefined;
  /** Its registered name, if any. */
  registeredName: string | undefined;
  /** Messages waiting in its mailbox. */
  messageQueueLen: number;
  /** Messages it has taken out of its mailbox so far. */
  messagesHandled: number;
  /** Pids it is linked to. */
  links: Pid[];
  /** Pids this process monitors. */
  monitors: Pid[];
  /** Pids monitoring this process. */
  monitoredBy: Pid[];
  /** Whether it traps exits (`ctx.trapExit(true)`). */
  trapExit: boolean;
  /** Estimated heap bytes: the record and pid, mailbox, state (its serialized size when hibernated). */
  memory: number;
}

/** Bytes of a process record (9 fields) and its pid, as measured by the memory benchmark. */
const RECORD_BYTES = 96 + 48;
const EXT_BYTES = 88;
const ASYNC_BYTES = 72;

/** The status that a process's flags stand for. */
export function statusOf(flags: number): ProcessStatus {
  if ((flags & EXITING) !== 0) return 'exiting';
  if ((flags & HIBERNATED) !== 0) return 'hibernated';
  if ((flags & RUNNING) !== 0) return 'running';
  if ((flags & SCHEDULED) !== 0) return 'runnable';
  return 'waiting';
}

function memoryOf(p: Process): number {
  let bytes = RECORD_BYTES;
  if (p.handler instanceof AsyncBody) bytes += ASYNC_BYTES;
  if (p.ext !== null) bytes += EXT_BYTES + estimateSize([p.ext.links, p.ext.monitors, p.ext.monitoredBy, p.ext.timers], 200);
  const waiting = mailboxLength(p);
  if (waiting !== 0) bytes += 64 + waiting * 8 + estimateSize(mailboxMessages(p), 500);
  const state = p.state;
  if ((p.flags & ENCODED) !== 0) bytes += 16 + (state as string).length;
  else bytes += estimateSize(state);
  return bytes;
}

/** Describes `p` now. */
export function describeProcess(p: Process): ProcessInfo {
  const ext = p.ext;
  return {
    pid: p.pid,
    status: statusOf(p.flags),
    behaviour: (p.flags & HANDLER) !== 0 ? 'handler' : 'async',
    kind: ext?.kind,
    registeredName: ext?.name,
    messageQueueLen: mailboxLength(p),
    messagesHandled: p.handled,
    links: ext?.links ? [...ext.links] : [],
    monitors: ext?.monitors ? [...ext.monitors.values()] : [],
    monitoredBy: ext?.monitoredBy ? [...ext.monitoredBy.values()] : [],
    trapExit: (p.flags & TRAP_EXIT) !== 0,
    memory: memoryOf(p),
  };
}
