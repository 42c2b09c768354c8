// Pg groups: join, leave, members, localMembers, whichGroups, leave on exit, and bad arguments (as OTP's pg documents).
import { createNode, isCorralError, startPg, type Node, type Pg, type Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnRecorder } from './recorder.js';

let node: Node;
let logger: RecordingLogger;
let pg: Pg;

beforeEach(() => {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger });
  pg = startPg(node);
});

afterEach(() => node.stop());

function expectCode(code: string, fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(isCorralError(thrown), `expected a CorralError ${code}, got ${String(thrown)}`).toBe(true);
  expect((thrown as { code: string }).code).toBe(code);
}

describe('join and leave', () => {
  it('a joined process is a member at once, locally, and its group is listed', () => {
    const a = spawnRecorder(node).pid;
    pg.join('room', a);
    expect(pg.members('room')).toEqual([a]);
    expect(pg.localMembers('room')).toEqual([a]);
    expect(pg.whichGroups()).toEqual(['room']);
    expect(pg.whichLocalGroups()).toEqual(['room']);
  });

  it('a list of processes joins in one call, and a group nobody joined has no members', () => {
    const [a, b] = [spawnRecorder(node).pid, spawnRecorder(node).pid];
    pg.join('room', [a, b]);
    expect(pg.members('room')).toEqual([a, b]);
    expect(pg.members('nobody')).toEqual([]);
    expect(pg.localMembers('nobody')).toEqual([]);
  });

  it('a process may join several groups', () => {
    const a = spawnRecorder(node).pid;
    pg.join('x', a);
    pg.join('y', a);
    expect(pg.whichGroups()).toEqual(['x', 'y']);
  });

  it('joining twice lists the process twice and needs leaving twice', () => {
    const a = spawnRecorder(node).pid;
    pg.join('room', a);
    pg.join('room', [a]);
    expect(pg.members('room')).toEqual([a, a]);
    expect(pg.leave('room', a)).toBe(true);
    expect(pg.members('room')).toEqual([a]);
    expect(pg.leave('room', a)).toBe(true);
    expect(pg.members('room')).toEqual([]);
    expect(pg.whichGroups()).toEqual([]);
  });

  it('leaving a group the process is not in returns false (not_joined)', () => {
    const [a, b] = [spawnRecorder(node).pid, spawnRecorder(node).pid];
    expect(pg.leave('room', a)).toBe(false);
    pg.join('room', a);
    expect(pg.leave('room', b)).toBe(false);
    expect(pg.leave('room', [b, a])).toBe(true);
    expect(pg.leave('room', [a, b])).toBe(false);
  });

  it('a process that left every group is forgotten: its exit later changes nothing', async () => {
    const a = spawnRecorder(node);
    const watcher = spawnRecorder(node);
    pg.join('room', a.pid);
    pg.leave('room', a.pid);
    pg.monitorScope(watcher.pid);
    node.send(a.pid, 'quit');
    await runUntilIdle(node);
    expect(watcher.got).toEqual([]);
  });
});

describe('leaving on exit', () => {
  it('a process that exits normally leaves every group, as often as it joined', async () => {
    const a = spawnRecorder(node);
    const b = spawnRecorder(node).pid;
    pg.join('x', [a.pid, a.pid, b]);
    pg.join('y', a.pid);
    node.send(a.pid, 'quit');
    await runUntilIdle(node);
    expect(node.isAlive(a.pid)).toBe(false);
    expect(pg.members('x')).toEqual([b]);
    expect(pg.whichGroups()).toEqual(['x']);
  });

  it('a process that crashes leaves every group', async () => {
    const a = spawnRecorder(node);
    pg.join('x', a.pid);
    pg.join('y', a.pid);
    node.send(a.pid, 'crash');
    await runUntilIdle(node);
    expect(pg.whichGroups()).toEqual([]);
    expect(logger.at('error')).toHaveLength(1);
  });

  it('a process that is killed leaves every group at once', () => {
    const a = spawnRecorder(node).pid;
    pg.join('x', a);
    node.exit(a, 'kill');
    expect(pg.members('x')).toEqual([]);
  });

  it('an async-body process leaves its groups when its body returns', async () => {
    const a = node.spawn(async (ctx) => {
      pg.join('workers', ctx.self);
      await ctx.receive();
    });
    await runUntilIdle(node);
    expect(pg.members('workers')).toEqual([a]);
    node.send(a, 'go');
    await runUntilIdle(node);
    expect(pg.members('workers')).toEqual([]);
  });

  it('a process that left one of its groups still leaves the others when it exits', async () => {
    const a = spawnRecorder(node);
    const b = spawnRecorder(node).pid;
    pg.join('x', [a.pid, b]);
    pg.join('y', [a.pid, b]);
    pg.leave('x', a.pid);
    node.send(a.pid, 'quit');
    await runUntilIdle(node);
    expect(pg.members('x')).toEqual([b]);
    expect(pg.members('y')).toEqual([b]);
    node.exit(b, 'kill');
    expect(pg.whichGroups()).toEqual([]);
  });

  it('a process that rejoins after leaving is watched again', () => {
    const a = spawnRecorder(node).pid;
    pg.join('x', a);
    pg.leave('x', a);
    pg.join('y', a);
    node.exit(a, 'kill');
    expect(pg.whichGroups()).toEqual([]);
  });
});

describe('bad arguments', () => {
  it('a group that is not a string throws badGroup', () => {
    const a = spawnRecorder(node).pid;
    expectCode('badGroup', () => pg.join(42 as unknown as string, a));
    expectCode('badGroup', () => pg.leave(null as unknown as string, a));
    expectCode('badGroup', () => pg.members({} as unknown as string));
    expectCode('badGroup', () => pg.localMembers(undefined as unknown as string));
  });

  it('something that is not a pid throws badPid, and nobody of the list joins', () => {
    const a = spawnRecorder(node).pid;
    expectCode('badPid', () => pg.join('room', 'a' as unknown as Pid));
    expectCode('badPid', () => pg.join('room', [a, 'b' as unknown as Pid]));
    expectCode('badPid', () => pg.leave('room', 7 as unknown as Pid));
    expect(pg.members('room')).toEqual([]);
  });

  it('joining a process that has exited throws noproc, and nobody of the list joins', async () => {
    const a = spawnRecorder(node).pid;
    const dead = spawnRecorder(node).pid;
    node.exit(dead, 'kill');
    expectCode('noproc', () => pg.join('room', dead));
    expectCode('noproc', () => pg.join('room', [a, dead]));
    expect(pg.members('room')).toEqual([]);
    await runUntilIdle(node);
    expect(node.isAlive(pg.pid)).toBe(true);
  });

  it('a process cannot join from its terminate callback (it is already exiting)', async () => {
    const errors: unknown[] = [];
    const a = node.spawnHandler({
      init: () => null,
      handleMessage: () => null,
      terminate: (_reason, _state, ctx) => {
        try {
          pg.join('room', ctx.self);
        } catch (error) {
          errors.push(error);
        }
      },
    });
    await runUntilIdle(node);
    node.exit(a, 'shutdown');
    expect(errors.map((e) => isCorralError(e, 'noproc'))).toEqual([true]);
    expect(pg.members('room')).toEqual([]);
  });

  it('leaving with a process that has exited returns false, as it left every group when it exited', () => {
    const dead = spawnRecorder(node).pid;
    pg.join('room', dead);
    node.exit(dead, 'kill');
    expect(pg.leave('room', dead)).toBe(false);
  });

  it('processes of another node can neither join nor leave (noproc)', () => {
    const other = createNode({ name: 'other@host', clock: createSimulatedClock(), logger: createRecordingLogger() });
    try {
      const foreign = spawnRecorder(other).pid;
      expectCode('noproc', () => pg.join('room', foreign));
      expectCode('noproc', () => pg.leave('room', foreign));
    } finally {
      other.stop();
    }
  });

  it('the node and the scope keep running after bad arguments', async () => {
    expectCode('badGroup', () => pg.join(1 as unknown as string, node.rootPid));
    expectCode('noproc', () => pg.join('room', node.rootPid));
    const a = spawnRecorder(node);
    pg.join('room', a.pid);
    expect(pg.publish('room', 'still here')).toBe(1);
    await runUntilIdle(node);
    expect(a.got).toEqual(['still here']);
    expect(pg.alive).toBe(true);
  });
});
