// sampleProcesses: one walk of the process table, the same counters as processInfo, nothing for dead processes.
import { createNode, hibernate, sampleProcesses, type Node, type Pid, type ProcessSample } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';

let node: Node;

function start(): Node {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
  return node;
}

afterEach(() => node.stop());

function sampleOf(pid: Pid): ProcessSample | undefined {
  return sampleProcesses(node).find((s) => s.pid === pid);
}

/** A handler that hibernates after 'sleep', counts every message and ignores the rest. */
const sleeper = {
  init: () => 0,
  handleMessage: (msg: unknown, n: number) => (msg === 'sleep' ? hibernate(n + 1) : n + 1),
};

describe('sampleProcesses', () => {
  it('lists every live process once, oldest first', async () => {
    start();
    const pids = [node.spawnHandler(sleeper), node.spawnHandler(sleeper), node.spawn((ctx) => ctx.receive())];
    await runUntilIdle(node);
    expect(sampleProcesses(node).map((s) => s.pid)).toEqual(pids);
  });

  it('gives the status, kind, registered name, mailbox length and messages handled that processInfo gives', async () => {
    start();
    const named = node.spawnHandler(sleeper, { name: 'named', kind: 'room' });
    const sleeping = node.spawnHandler(sleeper, { kind: 'connection' });
    const body = node.spawn(async (ctx) => {
      await ctx.receive((m) => m === 'go');
      await ctx.receive((m) => m === 'never');
    });
    await runUntilIdle(node);
    node.send(named, 'a');
    node.send(named, 'b');
    node.send(sleeping, 'sleep');
    node.send(body, 'x');
    node.send(body, 'go');
    await runUntilIdle(node);
    node.send(named, 'queued'); // not yet handled: runnable, one message waiting
    for (const pid of [named, sleeping, body]) {
      const info = node.processInfo(pid)!;
      expect(sampleOf(pid)).toEqual({
        pid,
        status: info.status,
        kind: info.kind,
        registeredName: info.registeredName,
        messageQueueLen: info.messageQueueLen,
        messagesHandled: info.messagesHandled,
      });
    }
    expect(sampleOf(named)).toMatchObject({ status: 'runnable', kind: 'room', registeredName: 'named', messageQueueLen: 1, messagesHandled: 2 });
    expect(sampleOf(sleeping)).toMatchObject({ status: 'hibernated', kind: 'connection', messagesHandled: 1 });
    expect(sampleOf(body)).toMatchObject({ status: 'waiting', messageQueueLen: 1 });
  });

  it('leaves out processes that exited', async () => {
    start();
    const gone = node.spawnHandler(sleeper);
    const kept = node.spawnHandler(sleeper);
    await runUntilIdle(node);
    node.exit(gone, 'kill');
    expect(sampleProcesses(node).map((s) => s.pid)).toEqual([kept]);
  });

  it('samples 10,000 processes in one walk, each counted by status', async () => {
    start();
    for (let i = 0; i < 10_000; i++) node.send(node.spawnHandler(sleeper, { kind: 'idle' }), i % 2 === 0 ? 'sleep' : 'stay');
    await runUntilIdle(node);
    const samples = sampleProcesses(node);
    expect(samples).toHaveLength(10_000);
    expect(samples.filter((s) => s.status === 'hibernated')).toHaveLength(node.stats().hibernated);
    expect(samples.filter((s) => s.status === 'hibernated')).toHaveLength(5_000);
    expect(samples.every((s) => s.kind === 'idle' && s.messagesHandled === 1)).toBe(true);
  });
});
