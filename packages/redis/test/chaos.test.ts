// The chaos suite: three node OS processes over a real redis-server send numbered messages to each other while Redis or a node is killed, paused or loses packets; nothing may be lost silently.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChaosCommand, ChaosNodeOptions, ChaosReport } from './fixtures/chaos-node.js';
import { forkChild, type Child } from './support/child-node.js';
import { tally, type Tally } from './support/chaos-tally.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

const HEARTBEAT_MS = 100;
const NODE_TIMEOUT_MS = 1500;
/** Each sender sends one message per this (2 senders to each other node: about 800 messages a second per node). */
const INTERVAL_MS = 5;
/** Messages each node sends before a fault, and again once every node sees every other one after it. */
const MESSAGES = 400;
/** How long a node waits for its receivers to learn how their sessions ended before it reports them. */
const SETTLE_DEADLINE_MS = 4 * NODE_TIMEOUT_MS;
/** A scenario's time limit: generous, for a busy machine. */
const SCENARIO_MS = 60_000;

const fixture = fileURLToPath(new URL('./fixtures/chaos-node.ts', import.meta.url));
type ChaosChild = Child<ChaosCommand, ChaosReport>;

let redis: RedisServer;
const started: ChaosChild[] = [];

beforeAll(async () => void (redis = await startRedisServer()));
afterAll(async () => {
  if (redis?.pid !== undefined) process.kill(redis.pid, 'SIGCONT'); // a scenario that failed while Redis was paused
  for (const child of started) child.process.kill('SIGCONT');
  await Promise.all(started.map((c) => c.kill()));
  await redis?.stop(true);
});

/** Three nodes in their own processes, on namespace `namespace`, that all see each other. */
async function startTrio(namespace: string, loseEvery: number): Promise<ChaosChild[]> {
  const names = ['x', 'y', 'z'].map((n) => `${n}@${namespace}`);
  const trio = names.map((name) => {
    const options: ChaosNodeOptions = { url: redis.url, name, namespace, heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: NODE_TIMEOUT_MS, loseEvery };
    return forkChild<ChaosCommand, ChaosReport>(fixture, name, [JSON.stringify(options)]);
  });
  started.push(...trio);
  await Promise.all(trio.map((c) => c.next('up')));
  await allConnected(trio);
  return trio;
}

const others = (trio: readonly ChaosChild[], child: ChaosChild) => trio.filter((c) => c !== child).map((c) => c.name);

/** Resolves once every node of `trio` sees the two others. */
async function allConnected(trio: readonly ChaosChild[]): Promise<void> {
  for (const child of trio) child.tell({ type: 'awaitConnected', nodes: others(trio, child) });
  await Promise.all(trio.map((c) => c.next('connected')));
}

/** Resolves once each node has sent `count` more messages. */
async function sent(trio: readonly ChaosChild[], count: number): Promise<void> {
  for (const child of trio) child.tell({ type: 'awaitSent', count });
  await Promise.all(trio.map((c) => c.next('sent')));
}

/** Each node's report (and the records since the last one), once its receivers know how their sessions ended. */
async function take(trio: readonly ChaosChild[]): Promise<Extract<ChaosReport, { type: 'records' }>[]> {
  for (const child of trio) child.tell({ type: 'take', deadlineMs: SETTLE_DEADLINE_MS });
  return Promise.all(trio.map((c) => c.next('records')));
}

/**
 * Runs traffic between the nodes of `trio`: `MESSAGES` per node, then `fault`, then, once the nodes
 * see each other again, `MESSAGES` more; stops every session, and counts. Prints the counts.
 */
async function scenario(name: string, trio: readonly ChaosChild[], fault: () => Promise<void>): Promise<Tally & { broken: number; lost: number }> {
  const before = await take(trio);
  for (const child of trio) child.tell({ type: 'start', peers: others(trio, child), intervalMs: INTERVAL_MS });
  await sent(trio, MESSAGES);
  await fault();
  await allConnected(trio);
  await sent(trio, MESSAGES);
  for (const child of trio) child.tell({ type: 'stop' });
  await Promise.all(trio.map((c) => c.next('stopped')));
  const after = await take(trio);
  const result = { ...tally(after.map((r) => r.records)), broken: 0, lost: 0 };
  after.forEach((report, i) => {
    result.broken += report.broken - (before[i]?.broken ?? 0);
    result.lost += report.lost - (before[i]?.lost ?? 0);
    if (report.open > 0) result.faults.push(`${trio[i]?.name}: ${report.open} receiver(s) still open after ${SETTLE_DEADLINE_MS} ms`);
  });
  console.log(`chaos, ${name}: sent ${result.sent}, delivered ${result.delivered}, lost with notice ${result.lostWithNotice}, lost silently ${result.lostSilently}` +
    ` (${result.sessions} sessions, ${result.endedWithNotice} ended with noconnection on both sides; connections ended on noticing a loss: ${result.broken}${result.lost > 0 ? `; packets lost on purpose: ${result.lost}` : ''})`);
  return result;
}

/** Pauses OS process `pid` with SIGSTOP for `ms`, then resumes it. */
async function pause(pid: number, ms: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/** Every sender of `trio`: two to each other node. */
const SENDERS = 3 * 2 * 2;

describe('chaos: three nodes in their own processes send numbered messages through faults; every sequence is gap-free or ends with noconnection on both sides', () => {
  let trio: ChaosChild[];
  beforeAll(async () => void (trio = await startTrio('chaos', 0)), SCENARIO_MS);

  it('Redis killed and restarted: every connection ends with noconnection, the nodes reconnect, nothing is lost silently', async () => {
    const result = await scenario('Redis killed and restarted', trio, async () => {
      const downs = Promise.all(trio.map((c) => c.next('down')));
      await redis.stop(true);
      await downs;
      const ups = Promise.all(trio.map((c) => c.next('up')));
      await redis.restart();
      await ups;
    });
    expect(result.faults).toEqual([]);
    expect(result.lostSilently).toBe(0);
    expect(result.endedWithNotice).toBeGreaterThanOrEqual(SENDERS);
    expect(result.broken).toBeGreaterThanOrEqual(3);
  }, SCENARIO_MS);

  it('Redis paused with SIGSTOP for less than the node timeout: nothing is lost, no connection ends', async () => {
    const result = await scenario('Redis paused for less than the node timeout', trio, () => pause(redis.pid!, NODE_TIMEOUT_MS / 5));
    expect(result.faults).toEqual([]);
    expect(result.lostSilently).toBe(0);
    expect(result.endedWithNotice).toBe(0);
    expect(result.delivered).toBe(result.sent);
  }, SCENARIO_MS);

  it('Redis paused with SIGSTOP for more than the node timeout: every connection ends with noconnection, the nodes reconnect, nothing is lost silently', async () => {
    const result = await scenario('Redis paused for more than the node timeout', trio, () => pause(redis.pid!, 2 * NODE_TIMEOUT_MS));
    expect(result.faults).toEqual([]);
    expect(result.lostSilently).toBe(0);
    expect(result.endedWithNotice).toBeGreaterThanOrEqual(SENDERS);
  }, SCENARIO_MS);

  it('a node paused with SIGSTOP for more than the node timeout, then resumed: its connections end with noconnection on both sides, it reconnects, nothing is lost silently', async () => {
    const paused = trio[1]!;
    const result = await scenario(`node ${paused.name} paused, then resumed`, trio, () => pause(paused.process.pid!, 2 * NODE_TIMEOUT_MS));
    expect(result.faults).toEqual([]);
    expect(result.lostSilently).toBe(0);
    // The senders to and from the paused node: two on each other node, and its own four.
    expect(result.endedWithNotice).toBeGreaterThanOrEqual(8);
  }, SCENARIO_MS);
});

describe('chaos: a transport that silently loses one packet in 1,000', () => {
  it('every loss ends its connection with noconnection on both sides (a gap, or a heartbeat\'s count), the nodes reconnect, nothing is lost silently', async () => {
    const trio = await startTrio('lossy', 1000);
    const result = await scenario('one packet in 1,000 lost silently by the transport', trio, () => sent(trio, 3 * MESSAGES));
    expect(result.faults).toEqual([]);
    expect(result.lostSilently).toBe(0);
    expect(result.lost).toBeGreaterThanOrEqual(3);
    expect(result.endedWithNotice).toBeGreaterThan(0);
    expect(result.broken).toBeGreaterThan(0);
  }, 2 * SCENARIO_MS);
});
