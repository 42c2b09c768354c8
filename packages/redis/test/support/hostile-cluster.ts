// Two node processes under attack: start them, read their figures, check they are healthy, and count what they publish.
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { Redis } from 'ioredis';
import type { HostileCommand, HostileReport, NodeInfo } from '../fixtures/hostile-node.js';
import { senderOf } from './attacker.js';
import { forkChild, type Child } from './child-node.js';

export type HostileChild = Child<HostileCommand, HostileReport>;

export const HEARTBEAT_MS = 100;
const NODE_TIMEOUT_MS = 1000;
/** Generous bounds for one attack: what a node's memory may grow by (the crash packets used to take 128 MiB to 1 GiB each). */
export const MAX_HEAP_GROWTH = 48 * 1024 * 1024;
export const MAX_RSS_GROWTH = 160 * 1024 * 1024;

/** Two nodes, `left@<ns>` and `right@<ns>`, each in its own OS process, connected to each other. */
export async function startPair(url: string, namespace: string, secret?: string): Promise<[HostileChild, HostileChild]> {
  const names = [`left@${namespace}`, `right@${namespace}`] as const;
  const fixture = fileURLToPath(new URL('../fixtures/hostile-node.ts', import.meta.url));
  const pair = names.map((name, i) => {
    const args = [url, name, namespace, String(HEARTBEAT_MS), String(NODE_TIMEOUT_MS), names[1 - i] as string, ...(secret === undefined ? [] : [secret])];
    return forkChild<HostileCommand, HostileReport>(fixture, name, args);
  }) as [HostileChild, HostileChild];
  await Promise.all(pair.map((c) => c.next('up')));
  await flows(pair);
  return pair;
}

/** The figures of `child`. */
export async function info(child: HostileChild): Promise<NodeInfo> {
  child.tell({ type: 'info' });
  return child.next('info');
}

/** Polls `child` until `check` holds of its figures (at most `ms`), and returns them. */
export async function until(child: HostileChild, check: (i: NodeInfo) => boolean, ms = 10_000): Promise<NodeInfo> {
  const deadline = performance.now() + ms;
  for (;;) {
    const now = await info(child);
    if (check(now) || performance.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Legitimate traffic flows both ways: 20 numbered messages to the other's echo, all answered in order. */
export async function flows([left, right]: readonly [HostileChild, HostileChild]): Promise<void> {
  left.tell({ type: 'ping', node: right.name, count: 20 });
  right.tell({ type: 'ping', node: left.name, count: 20 });
  expect(await Promise.all([left.next('pong'), right.next('pong')])).toEqual([
    { type: 'pong', replies: 20, inOrder: true },
    { type: 'pong', replies: 20, inOrder: true },
  ]);
}

/** What an attack did to one node: its memory before and after, for the report. */
export interface MemoryChange {
  node: string;
  heapBefore: number;
  heapAfter: number;
  rssBefore: number;
  rssAfter: number;
}

const mib = (n: number): string => (n / 2 ** 20).toFixed(1);

/**
 * Checks each node after an attack: alive and answering, the victim alive and untouched, still
 * connected to the other, its memory grown within the bounds, and traffic flowing; logs the memory.
 */
export async function expectUnharmed(attack: string, pair: readonly [HostileChild, HostileChild], before: readonly NodeInfo[]): Promise<NodeInfo[]> {
  await flows(pair);
  const after = await Promise.all(pair.map(info));
  after.forEach((now, i) => {
    const was = before[i] as NodeInfo;
    const other = (pair[1 - i] as HostileChild).name;
    console.info(`${attack}: ${pair[i]?.name} heap ${mib(was.heapUsed)} -> ${mib(now.heapUsed)} MiB, rss ${mib(was.rss)} -> ${mib(now.rss)} MiB`);
    expect(pair[i]?.process.exitCode).toBe(null);
    expect({ alive: now.victimAlive, got: now.victimGot, connected: now.connected }).toEqual({ alive: true, got: [], connected: [other] });
    expect(now.heapUsed - was.heapUsed).toBeLessThan(MAX_HEAP_GROWTH);
    expect(now.rss - was.rss).toBeLessThan(MAX_RSS_GROWTH);
  });
  return after;
}

/** Counts the bytes published on the namespace's channels, by the nodes and by everyone else. */
export async function publishMonitor(url: string, namespace: string, nodes: readonly string[]): Promise<{ bytes(): { nodes: number; others: number }; stop(): void }> {
  const spy = new Redis(url);
  const counts = { nodes: 0, others: 0 };
  spy.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => {
    if (nodes.includes(senderOf(message))) counts.nodes += message.length;
    else counts.others += message.length;
  });
  await spy.psubscribe(`${namespace}:*`);
  return { bytes: () => ({ ...counts }), stop: () => spy.disconnect() };
}
