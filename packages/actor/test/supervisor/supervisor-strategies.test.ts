// Restart strategies and restart types: oneForOne, oneForAll, restForOne; permanent, transient, temporary.
import { Supervisor, createNode, type Node, type Pid, type RestartType, type Strategy } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crash, pids, workerSpec, type Journal } from './fixtures.js';

let node: Node;
let logger: RecordingLogger;
let journal: Journal;

beforeEach(() => {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger });
  journal = [];
});

afterEach(() => node.stop());

/** A supervisor of trapping workers a, b, c (restart types as given), with room for a few restarts. */
async function supervise(strategy: Strategy, restart: Partial<Record<'a' | 'b' | 'c', RestartType>> = {}): Promise<Pid> {
  const children = (['a', 'b', 'c'] as const).map((id) => workerSpec(journal, id, { restart: restart[id] ?? 'permanent' }));
  const sup = await Supervisor.start(node, { flags: { strategy, intensity: 5, period: 5000 }, children });
  journal.length = 0;
  return sup;
}

const reports = (context: string) => logger.at('error').filter((e) => e.meta?.context === context);

describe('oneForOne', () => {
  it('restarts only the child that crashed', async () => {
    const sup = await supervise('oneForOne');
    const before = await pids(sup);
    crash(before.b);
    await runUntilIdle(node);
    const after = await pids(sup);
    expect(journal).toEqual(['b:terminate:crash', 'b:init']);
    expect(after.a).toBe(before.a);
    expect(after.c).toBe(before.c);
    expect(after.b).not.toBe(before.b);
    expect(node.isAlive(after.b as Pid)).toBe(true);
  });

  it('reports the exit of the child as childTerminated with its id, pid and reason', async () => {
    const sup = await supervise('oneForOne');
    const { b } = await pids(sup);
    crash(b);
    await runUntilIdle(node);
    expect(reports('childTerminated')).toHaveLength(1);
    expect(reports('childTerminated')[0]?.meta).toMatchObject({ pid: sup, child: 'b', childPid: b, reason: expect.any(Error) });
  });

  it('restarts a child killed from outside', async () => {
    const sup = await supervise('oneForOne');
    const before = await pids(sup);
    node.exit(before.c as Pid, 'kill');
    await runUntilIdle(node);
    expect(journal).toEqual(['c:init']);
    expect((await pids(sup)).c).not.toBe(before.c);
  });
});

describe('oneForAll', () => {
  it('stops the other children in reverse start order, then starts all of them in start order', async () => {
    const sup = await supervise('oneForAll');
    const before = await pids(sup);
    crash(before.b);
    await runUntilIdle(node);
    expect(journal).toEqual(['b:terminate:crash', 'c:terminate:shutdown', 'a:terminate:shutdown', 'a:init', 'b:init', 'c:init']);
    const after = await pids(sup);
    for (const id of ['a', 'b', 'c']) expect(after[id]).not.toBe(before[id]);
    for (const pid of Object.values(before)) expect(node.isAlive(pid as Pid)).toBe(false);
  });

  it('forgets a temporary sibling it stops instead of starting it again', async () => {
    const sup = await supervise('oneForAll', { c: 'temporary' });
    crash((await pids(sup)).a);
    await runUntilIdle(node);
    expect(journal).toEqual(['a:terminate:crash', 'c:terminate:shutdown', 'b:terminate:shutdown', 'a:init', 'b:init']);
    expect(Object.keys(await pids(sup))).toEqual(['a', 'b']);
  });

  it('also starts a sibling that was stopped with terminateChild, as OTP does', async () => {
    const sup = await supervise('oneForAll');
    await Supervisor.terminateChild(sup, 'c');
    crash((await pids(sup)).a);
    await runUntilIdle(node);
    expect(journal).toEqual(['c:terminate:shutdown', 'a:terminate:crash', 'b:terminate:shutdown', 'a:init', 'b:init', 'c:init']);
    expect(node.isAlive((await pids(sup)).c as Pid)).toBe(true);
  });

  it('does nothing to the others when the child that exited is not restarted', async () => {
    const sup = await supervise('oneForAll', { b: 'transient' });
    const before = await pids(sup);
    crash(before.b, 'normal');
    await runUntilIdle(node);
    expect(journal).toEqual(['b:terminate:normal']);
    expect(await pids(sup)).toEqual({ ...before, b: undefined });
  });
});

describe('restForOne', () => {
  it('restarts the crashed child and the children started after it, not those before', async () => {
    const sup = await supervise('restForOne');
    const before = await pids(sup);
    crash(before.b);
    await runUntilIdle(node);
    expect(journal).toEqual(['b:terminate:crash', 'c:terminate:shutdown', 'b:init', 'c:init']);
    const after = await pids(sup);
    expect(after.a).toBe(before.a);
    expect(after.b).not.toBe(before.b);
    expect(after.c).not.toBe(before.c);
  });

  it('restarts only the last child when the last one crashes', async () => {
    const sup = await supervise('restForOne');
    const before = await pids(sup);
    crash(before.c);
    await runUntilIdle(node);
    expect(journal).toEqual(['c:terminate:crash', 'c:init']);
    expect((await pids(sup)).b).toBe(before.b);
  });

  it('restarts everything when the first child crashes', async () => {
    const sup = await supervise('restForOne');
    crash((await pids(sup)).a);
    await runUntilIdle(node);
    expect(journal).toEqual(['a:terminate:crash', 'c:terminate:shutdown', 'b:terminate:shutdown', 'a:init', 'b:init', 'c:init']);
  });
});

describe('restart types', () => {
  it('a permanent child is restarted even after a normal exit', async () => {
    const sup = await supervise('oneForOne');
    const before = await pids(sup);
    crash(before.a, 'normal');
    await runUntilIdle(node);
    expect(journal).toEqual(['a:terminate:normal', 'a:init']);
    expect(node.isAlive((await pids(sup)).a as Pid)).toBe(true);
  });

  it('a transient child is restarted after a crash', async () => {
    const sup = await supervise('oneForOne', { a: 'transient' });
    crash((await pids(sup)).a);
    await runUntilIdle(node);
    expect(journal).toEqual(['a:terminate:crash', 'a:init']);
  });

  it.each([['normal'], ['shutdown'], [{ shutdown: 'done' }]])('a transient child that exits %j is not restarted, and stays as a child that is not running', async (reason) => {
    const sup = await supervise('oneForOne', { a: 'transient' });
    crash((await pids(sup)).a, reason);
    await runUntilIdle(node);
    expect(journal).toHaveLength(1);
    expect((await Supervisor.whichChildren(sup))[0]).toEqual({ id: 'a', pid: undefined, restarting: false, type: 'worker' });
    expect(reports('childTerminated')).toEqual([]);
  });

  it('a temporary child is never restarted: after a crash it is reported and forgotten', async () => {
    const sup = await supervise('oneForOne', { a: 'temporary' });
    crash((await pids(sup)).a);
    await runUntilIdle(node);
    expect(journal).toEqual(['a:terminate:crash']);
    expect(Object.keys(await pids(sup))).toEqual(['b', 'c']);
    expect(reports('childTerminated')).toHaveLength(1);
  });

  it('a temporary child that exits normally is forgotten without a report', async () => {
    const sup = await supervise('oneForOne', { a: 'temporary' });
    crash((await pids(sup)).a, 'normal');
    await runUntilIdle(node);
    expect(Object.keys(await pids(sup))).toEqual(['b', 'c']);
    expect(reports('childTerminated')).toEqual([]);
  });

  it('an exit from a linked process that is not a child is ignored', async () => {
    const sup = await supervise('oneForOne');
    const before = await pids(sup);
    const stranger = node.spawn(async (ctx) => {
      ctx.link(sup);
      await ctx.receive();
      ctx.exit('bye');
    });
    await runUntilIdle(node);
    node.send(stranger, 'go');
    await runUntilIdle(node);
    expect(node.isAlive(sup)).toBe(true);
    expect(await pids(sup)).toEqual(before);
    expect(journal).toEqual([]);
  });
});
