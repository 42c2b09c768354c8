// buildSnapshot as a pure function of a process sample: totals, rates, the top N and memory only for them.
import { createNode, type Pid, type ProcessSample, type ProcessStatus } from '@corral/actor';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/observer/snapshot.js';

const node = createNode({ name: 'snap@test', creation: 424242 });
const pids: Pid[] = Array.from({ length: 6 }, () => node.spawnHandler({ init: () => null, handleMessage: (_m, s) => s }));
node.stop();

function sample(i: number, fields: Partial<ProcessSample> = {}): ProcessSample {
  return { pid: pids[i]!, status: 'waiting', kind: undefined, registeredName: undefined, messageQueueLen: 0, messagesHandled: 0, ...fields };
}

describe('buildSnapshot', () => {
  it('names the node sampled, and counts processes by status and kind, and the hibernated ones', () => {
    const statuses: ProcessStatus[] = ['hibernated', 'hibernated', 'waiting', 'running'];
    const samples = statuses.map((status, i) => sample(i, { status, kind: i < 3 ? 'connection' : undefined }));
    const { snapshot } = buildSnapshot({ node: 'snap@test', samples, previous: null, elapsedMs: 1000, limit: 10, memoryOf: () => 100 });
    expect(snapshot.node).toBe('snap@test');
    expect(snapshot.totals).toEqual({
      processes: 4,
      hibernated: 2,
      messagesPerSecond: 0,
      byKind: { connection: 3, '-': 1 },
      byStatus: { hibernated: 2, waiting: 1, running: 1 },
    });
  });

  it('measures messages per second against the previous counts; new processes count from zero', () => {
    const previous = new Map<Pid, number>([[pids[0]!, 10], [pids[1]!, 40]]);
    const samples = [sample(0, { messagesHandled: 30 }), sample(1, { messagesHandled: 40 }), sample(2, { messagesHandled: 5 })];
    const { snapshot, handled } = buildSnapshot({ node: 'snap@test', samples, previous, elapsedMs: 500, limit: 10, memoryOf: () => 0 });
    expect(snapshot.totals.messagesPerSecond).toBe(50);
    expect(snapshot.top.map((r) => r.perSecond)).toEqual([40, 10, 0]);
    expect(snapshot.intervalMs).toBe(500);
    expect([...handled]).toEqual([[pids[0], 30], [pids[1], 40], [pids[2], 5]]);
  });

  it('ranks by mailbox length, then recent messages, then messages in all, and lists only the top N', () => {
    const previous = new Map<Pid, number>(pids.map((pid) => [pid, 100]));
    const samples = [
      sample(0, { messagesHandled: 500 }),
      sample(1, { messagesHandled: 110 }),
      sample(2, { messagesHandled: 100, messageQueueLen: 3 }),
      sample(3, { messagesHandled: 120 }),
      sample(4, { messagesHandled: 100 }),
      sample(5, { messagesHandled: 100, messageQueueLen: 1 }),
    ];
    const { snapshot } = buildSnapshot({ node: 'snap@test', samples, previous, elapsedMs: 1000, limit: 4, memoryOf: () => 0 });
    expect(snapshot.top.map((r) => r.pid)).toEqual([2, 5, 0, 3].map((i) => `<snap@test.${pids[i]!.id}>`));
    expect(snapshot.limit).toBe(4);
  });

  it('estimates memory only for the processes it lists, and gives rows as plain JSON', () => {
    const asked: Pid[] = [];
    const samples = pids.map((_, i) => sample(i, { messagesHandled: i, kind: 'room', registeredName: i === 5 ? 'room:x' : undefined }));
    const { snapshot } = buildSnapshot({ node: 'snap@test', samples, previous: null, elapsedMs: 1000, limit: 2, memoryOf: (pid) => (asked.push(pid), 64) });
    expect(asked).toEqual([pids[5], pids[4]]);
    expect(snapshot.top[0]).toEqual({
      pid: `<snap@test.${pids[5]!.id}>`, name: 'room:x', kind: 'room', status: 'waiting', mailbox: 0, handled: 5, perSecond: 0, memory: 64,
    });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it("shows pids without their node's creation, which the public is not given", () => {
    const { snapshot } = buildSnapshot({ node: 'snap@test', samples: pids.map((_, i) => sample(i)), previous: null, elapsedMs: 1000, limit: 6, memoryOf: () => 0 });
    expect(snapshot.top.map((r) => r.pid).sort()).toEqual(pids.map((pid) => `<snap@test.${pid.id}>`).sort());
    expect(JSON.stringify(snapshot)).not.toContain('424242');
  });
});
