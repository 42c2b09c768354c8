// The process panel over a real socket: snapshots pushed on the node clock, cheap with 10,000 processes, read-only.
import { hibernate } from '@corral/actor';
import { runUntilIdle } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/observer/snapshot.js';
import { startHarness, type ChatHarness } from '../support/chat-harness.js';
import type { Event } from '../support/test-client.js';

let h: ChatHarness;
afterEach(async () => {
  await h.stop();
});

function asSnapshot(event: Event): Snapshot {
  return event as unknown as Snapshot;
}

describe('the observer route', () => {
  it('sends a snapshot at once, then one per second of the node clock', async () => {
    h = await startHarness();
    const panel = await h.connect('/ws/observer');
    const first = asSnapshot(await panel.next('snapshot'));
    expect(first.totals.processes).toBe(h.node.processes().length);
    expect(first.top.map((r) => r.kind)).toEqual(expect.arrayContaining(['observer', 'pg_scope', 'supervisor', 'connection']));
    h.clock.advance(1000);
    const second = asSnapshot(await panel.next('snapshot'));
    expect(second.intervalMs).toBe(1000);
    h.clock.advance(1000);
    await panel.next('snapshot');
  });

  it("shows each pid as <node.id>, without the node's creation", async () => {
    h = await startHarness();
    const panel = await h.connect('/ws/observer');
    const { top } = asSnapshot(await panel.next('snapshot'));
    expect(top.find((r) => r.kind === 'observer')?.pid).toBe(`<test@localhost.${h.chat.observer.sampler.id}>`);
    expect(top.filter((r) => !/^<test@localhost\.\d+>$/.test(r.pid))).toEqual([]);
  });

  it('shows chat connections, their room, and the ones that hibernated', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    await h.join('lobby', 'bob');
    alice.send({ type: 'say', text: 'hi' });
    await alice.next('said');
    const panel = await h.connect('/ws/observer');
    const { totals, top } = asSnapshot(await panel.next('snapshot'));
    expect(totals.byKind['connection']).toBe(3);
    expect(totals.byKind['room']).toBe(1);
    expect(totals.hibernated).toBeGreaterThanOrEqual(3);
    expect(top.filter((r) => r.kind === 'connection' && r.status === 'hibernated').length).toBeGreaterThanOrEqual(2);
    expect(top.find((r) => r.kind === 'room')).toMatchObject({ name: 'room:lobby', status: 'hibernated' });
    expect(top.every((r) => r.memory > 0)).toBe(true);
  });

  it('stays cheap with 10,000 processes: totals count them all, the table lists only the top N', async () => {
    h = await startHarness({ top: 25 });
    const idle = { init: () => 0, handleMessage: (_m: unknown, n: number) => hibernate(n + 1) };
    for (let i = 0; i < 10_000; i++) h.node.spawnHandler(idle, { kind: 'idle' });
    await runUntilIdle(h.node);
    const panel = await h.connect('/ws/observer');
    const first = asSnapshot(await panel.next('snapshot'));
    expect(first.totals.processes).toBeGreaterThanOrEqual(10_000);
    expect(first.totals.byKind['idle']).toBe(10_000);
    expect(first.top).toHaveLength(25);
    // Half of them get a message: they wake, count it and hibernate again.
    const pids = h.node.processes().filter((pid) => h.node.processInfo(pid)?.kind === 'idle');
    for (const pid of pids.slice(0, 5000)) h.node.send(pid, 'tick');
    await runUntilIdle(h.node);
    h.clock.advance(1000);
    const second = await panel.next('snapshot', () => true);
    const snapshot = asSnapshot(second);
    expect(snapshot.totals.hibernated).toBeGreaterThanOrEqual(5000);
    expect(snapshot.totals.messagesPerSecond).toBeGreaterThanOrEqual(5000);
    expect(snapshot.top).toHaveLength(25);
    expect(JSON.stringify(second).length).toBeLessThan(8 * 1024);
  });

  it('only listens: a text message gets a readOnly error, a binary one closes with 1003', async () => {
    h = await startHarness();
    const panel = await h.connect('/ws/observer');
    await panel.next('snapshot');
    panel.sendRaw('{"type":"say","text":"hi"}');
    expect(await panel.next('error')).toMatchObject({ code: 'readOnly' });
    panel.sendRaw(Buffer.from([0]), { binary: true });
    expect((await panel.closed).code).toBe(1003);
  });

  it('stops sampling when nobody watches, and starts again for the next page', async () => {
    h = await startHarness();
    const panel = await h.connect('/ws/observer');
    await panel.next('snapshot');
    await panel.close();
    h.clock.advance(1000); // the tick finds no page: no more ticks
    await runUntilIdle(h.node);
    const sampler = h.chat.observer.sampler;
    const handled = h.node.processInfo(sampler)?.messagesHandled;
    h.clock.advance(5000);
    await runUntilIdle(h.node);
    expect(h.node.processInfo(sampler)?.messagesHandled).toBe(handled);
    const next = await h.connect('/ws/observer');
    expect(asSnapshot(await next.next('snapshot')).totals.processes).toBe(h.node.processes().length);
  });
});
