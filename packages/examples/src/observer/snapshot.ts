// The observer's snapshot of a node, as a pure function of a process sample: totals and the top N processes.
import type { Pid, ProcessSample, ProcessStatus } from '@corral/actor';
import { TopN } from './top-n.js';

/** One process in the snapshot's table, as plain JSON. */
export interface ProcessRow {
  /** The pid as `<node.id>`, without the node's creation (see {@link publicPid}). */
  pid: string;
  name: string | null;
  kind: string | null;
  status: ProcessStatus;
  /** Messages waiting in its mailbox. */
  mailbox: number;
  /** Messages handled since it started. */
  handled: number;
  /** Messages handled per second over the last interval. */
  perSecond: number;
  /** The estimated heap bytes of `processInfo`. */
  memory: number;
}

/** Counts over every process of the node. */
export interface Totals {
  processes: number;
  hibernated: number;
  /** Messages handled per second over the last interval, by every process still alive. */
  messagesPerSecond: number;
  /** Processes by kind (`'-'` for those spawned without one). */
  byKind: Record<string, number>;
  byStatus: Partial<Record<ProcessStatus, number>>;
}

/** What the observer sends to a page once a second. */
export interface Snapshot {
  type: 'snapshot';
  /** The name of the node sampled (the one the page is connected to). */
  node: string;
  totals: Totals;
  /** The busiest processes, at most `limit`: longest mailbox first, then most messages in the interval. */
  top: ProcessRow[];
  limit: number;
  /** The interval the rates are measured over, in ms. */
  intervalMs: number;
}

/** What {@link buildSnapshot} takes. */
export interface SnapshotInput {
  /** The name of the node sampled. */
  node: string;
  samples: readonly ProcessSample[];
  /** Messages handled by each process at the previous snapshot; `null` for the first (rates are then 0). */
  previous: ReadonlyMap<Pid, number> | null;
  elapsedMs: number;
  /** How many processes the table shows. */
  limit: number;
  /** The memory estimate of a process (only asked for the processes in the table). */
  memoryOf: (pid: Pid) => number;
}

/**
 * A pid as the panel shows it, `<node.id>`: without the node's creation, which the panel does not
 * hand to the public (with a pid and its creation, whoever can publish to the cluster's Redis could
 * address a process as if from a member node, unless the cluster has a secret).
 */
export function publicPid(pid: Pid): string {
  return `<${pid.node}.${pid.id}>`;
}

/** A sample with the messages it handled in the interval. */
interface Ranked {
  sample: ProcessSample;
  recent: number;
}

/** True when `a` ranks above `b`: a longer mailbox, then more recent messages, then more messages in all. */
function ranksAbove(a: Ranked, b: Ranked): boolean {
  if (a.sample.messageQueueLen !== b.sample.messageQueueLen) return a.sample.messageQueueLen > b.sample.messageQueueLen;
  if (a.recent !== b.recent) return a.recent > b.recent;
  return a.sample.messagesHandled > b.sample.messagesHandled;
}

/**
 * Builds the snapshot of `samples`: totals over every process and a table of the `limit` busiest,
 * whose memory alone is estimated. Returns the messages handled by each process, the `previous` of
 * the next call. Processes that exited during the interval are not counted in the rates.
 */
export function buildSnapshot(input: SnapshotInput): { snapshot: Snapshot; handled: Map<Pid, number> } {
  const { samples, previous, elapsedMs, limit } = input;
  const perSecond = (n: number): number => (previous === null || elapsedMs <= 0 ? 0 : Math.round((n * 10_000) / elapsedMs) / 10);
  const handled = new Map<Pid, number>();
  const byKind: Record<string, number> = {};
  const byStatus: Partial<Record<ProcessStatus, number>> = {};
  const top = new TopN<Ranked>(limit, ranksAbove);
  let recentTotal = 0;
  for (const sample of samples) {
    handled.set(sample.pid, sample.messagesHandled);
    const recent = previous === null ? 0 : sample.messagesHandled - (previous.get(sample.pid) ?? 0);
    recentTotal += recent;
    const kind = sample.kind ?? '-';
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    byStatus[sample.status] = (byStatus[sample.status] ?? 0) + 1;
    top.offer({ sample, recent });
  }
  const rows = top.items.map(({ sample, recent }): ProcessRow => ({
    pid: publicPid(sample.pid),
    name: sample.registeredName ?? null,
    kind: sample.kind ?? null,
    status: sample.status,
    mailbox: sample.messageQueueLen,
    handled: sample.messagesHandled,
    perSecond: perSecond(recent),
    memory: input.memoryOf(sample.pid),
  }));
  const totals: Totals = {
    processes: samples.length,
    hibernated: byStatus.hibernated ?? 0,
    messagesPerSecond: perSecond(recentTotal),
    byKind,
    byStatus,
  };
  return { snapshot: { type: 'snapshot', node: input.node, totals, top: rows, limit, intervalMs: Math.round(elapsedMs) }, handled };
}
