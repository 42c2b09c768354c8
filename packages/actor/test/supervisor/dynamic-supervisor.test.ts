// DynamicSupervisor (OTP's simple_one_for_one): children of one spec on demand, temporary by default, maxChildren, stop all at once.
import {
  CorralError, DynamicSupervisor, GenServer, Supervisor, createNode, ignore, isPid,
  type DynamicChildSpecInput, type Node, type Pid, type ProcessContext,
} from '@corral/actor';
import {
  createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger, type SimulatedClock,
} from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crash, startWorker, stubborn, watch, type Journal } from './fixtures.js';

let node: Node;
let clock: SimulatedClock;
let logger: RecordingLogger;
let journal: Journal;

beforeEach(() => {
  clock = createSimulatedClock();
  logger = createRecordingLogger();
  node = createNode({ clock, logger });
  journal = [];
});

afterEach(() => node.stop());

async function rejection(promise: Promise<unknown>): Promise<CorralError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CorralError);
  return error as CorralError;
}

/** A spec of journaling workers named by their first start argument. */
function workers(opts: Omit<DynamicChildSpecInput, 'start'> = {}): DynamicChildSpecInput<[string]> {
  return { start: (ctx: ProcessContext, name: string) => startWorker(ctx, journal, name), ...opts };
}

const reports = (context: string) => logger.at('error').filter((e) => e.meta?.context === context);

describe('starting children on demand', () => {
  it('starts no child up front, then one per startChild, with the extra arguments after the context', async () => {
    const seen: unknown[][] = [];
    const sup = await DynamicSupervisor.start(node, {
      child: { start: (ctx: ProcessContext, ...args: unknown[]) => { seen.push(args); return startWorker(ctx, journal, String(args[0])); } },
    });
    expect(await DynamicSupervisor.countChildren(sup)).toEqual({ specs: 1, active: 0, supervisors: 0, workers: 0 });
    const alice = await DynamicSupervisor.startChild(sup, 'alice', { role: 'admin' });
    const bob = await DynamicSupervisor.startChild(sup, 'bob');
    expect(isPid(alice) && isPid(bob)).toBe(true);
    expect(seen).toEqual([['alice', { role: 'admin' }], ['bob']]);
    expect(journal).toEqual(['alice:init', 'bob:init']);
    expect(node.processInfo(sup)?.kind).toBe('supervisor');
  });

  it('lists the children in start order and counts them', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers() });
    const a = await DynamicSupervisor.startChild(sup, 'a');
    const b = await DynamicSupervisor.startChild(sup, 'b');
    expect(await DynamicSupervisor.whichChildren(sup)).toEqual([
      { pid: a, restarting: false, type: 'worker' },
      { pid: b, restarting: false, type: 'worker' },
    ]);
    expect(await DynamicSupervisor.countChildren(sup)).toEqual({ specs: 1, active: 2, supervisors: 0, workers: 2 });
  });

  it('counts children of type supervisor as supervisors', async () => {
    const sup = await DynamicSupervisor.start(node, { child: { type: 'supervisor', start: (ctx: ProcessContext) => Supervisor.startLink(ctx, {}) } });
    await DynamicSupervisor.startChild(sup);
    expect(await DynamicSupervisor.countChildren(sup)).toEqual({ specs: 1, active: 1, supervisors: 1, workers: 0 });
  });

  it('resolves undefined for an ignored start and keeps nothing', async () => {
    const sup = await DynamicSupervisor.start(node, { child: { start: (ctx: ProcessContext) => GenServer.startLink(ctx, { init: () => ignore() }, undefined) } });
    expect(await DynamicSupervisor.startChild(sup)).toBeUndefined();
    expect(await DynamicSupervisor.whichChildren(sup)).toEqual([]);
  });

  it('rejects startFailed when a start fails, and keeps nothing', async () => {
    const sup = await DynamicSupervisor.start(node, { child: { start: () => Promise.reject(new Error('no room')) } });
    const error = await rejection(DynamicSupervisor.startChild(sup));
    expect(error.code).toBe('startFailed');
    expect(error.message).toMatch(/no room/);
    expect((await DynamicSupervisor.countChildren(sup)).workers).toBe(0);
  });

  it('rejects a bad spec: a child without start, a bad restart type, bad flags', async () => {
    expect((await rejection(DynamicSupervisor.start(node, { child: {} as DynamicChildSpecInput }))).code).toBe('badChildSpec');
    expect((await rejection(DynamicSupervisor.start(node, { child: workers({ restart: 'often' as 'permanent' }) }))).code).toBe('badChildSpec');
    expect((await rejection(DynamicSupervisor.start(node, { child: workers(), flags: { maxChildren: -1 } }))).code).toBe('badOption');
    expect((await rejection(DynamicSupervisor.start(node, { child: workers(), flags: { period: 0 } }))).code).toBe('badOption');
  });
});

describe('maxChildren', () => {
  it('refuses a child past the limit with a maxChildren error, and accepts one again after a child is gone', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers(), flags: { maxChildren: 2 } }, { name: 'pool' });
    const a = (await DynamicSupervisor.startChild(sup, 'a')) as Pid;
    await DynamicSupervisor.startChild(sup, 'b');
    const error = await rejection(DynamicSupervisor.startChild({ node, name: 'pool' }, 'c'));
    expect(error.code).toBe('maxChildren');
    expect(error.message).toMatch(/maximum number of children: 2 of 2/);
    expect(journal).toEqual(['a:init', 'b:init']);
    await DynamicSupervisor.terminateChild(sup, a);
    expect(isPid(await DynamicSupervisor.startChild(sup, 'c'))).toBe(true);
  });

  it('with maxChildren 0, refuses every child', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers(), flags: { maxChildren: 0 } });
    expect((await rejection(DynamicSupervisor.startChild(sup, 'a'))).code).toBe('maxChildren');
  });
});

describe('restarts', () => {
  it('children are temporary by default: a crashed child is reported and forgotten, not restarted', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers() });
    const a = await DynamicSupervisor.startChild(sup, 'a');
    const b = await DynamicSupervisor.startChild(sup, 'b');
    crash(a);
    await runUntilIdle(node);
    expect(journal).toEqual(['a:init', 'b:init', 'a:terminate:crash']);
    expect((await DynamicSupervisor.whichChildren(sup)).map((c) => c.pid)).toEqual([b]);
    expect(reports('childTerminated')).toHaveLength(1);
  });

  it('a permanent child is restarted with the same arguments, keeping its place in the list', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers({ restart: 'permanent' }), flags: { intensity: 5 } });
    const a = await DynamicSupervisor.startChild(sup, 'a');
    const b = await DynamicSupervisor.startChild(sup, 'b');
    crash(a);
    await runUntilIdle(node);
    expect(journal).toEqual(['a:init', 'b:init', 'a:terminate:crash', 'a:init']);
    const [first, second] = await DynamicSupervisor.whichChildren(sup);
    expect(first?.pid).not.toBe(a);
    expect(node.isAlive(first?.pid as Pid)).toBe(true);
    expect(second?.pid).toBe(b);
  });

  it('a transient child is restarted after a crash but not after a normal exit', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers({ restart: 'transient' }), flags: { intensity: 5 } });
    const a = await DynamicSupervisor.startChild(sup, 'a');
    const b = await DynamicSupervisor.startChild(sup, 'b');
    crash(a);
    crash(b, 'normal');
    await runUntilIdle(node);
    expect(journal).toEqual(['a:init', 'b:init', 'a:terminate:crash', 'b:terminate:normal', 'a:init']);
    expect(await DynamicSupervisor.countChildren(sup)).toMatchObject({ active: 1, workers: 1 });
  });

  it('exceeding the intensity stops every child and the supervisor with shutdown', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers({ restart: 'permanent' }) });
    const exited = node.awaitExit(sup);
    await DynamicSupervisor.startChild(sup, 'a');
    const b = await DynamicSupervisor.startChild(sup, 'b');
    crash(b);
    await runUntilIdle(node);
    crash((await DynamicSupervisor.whichChildren(sup))[1]?.pid);
    expect(await exited).toBe('shutdown');
    expect(journal.slice(-2)).toEqual(['b:terminate:crash', 'a:terminate:shutdown']);
    expect(reports('shutdown')).toHaveLength(1);
    expect(node.processes()).toEqual([]);
  });

  it('a restart that fails is tried again until it succeeds, counting against the intensity', async () => {
    let calls = 0;
    const sup = await DynamicSupervisor.start(node, {
      child: {
        restart: 'permanent',
        start: (ctx: ProcessContext, name: string) => (++calls === 2 ? Promise.reject(new Error('not now')) : startWorker(ctx, journal, name)),
      },
      flags: { intensity: 2 },
    });
    const a = (await DynamicSupervisor.startChild(sup, 'a')) as Pid;
    node.exit(a, 'kill');
    const listed = DynamicSupervisor.whichChildren(sup);
    expect(await listed).toEqual([{ pid: undefined, restarting: true, type: 'worker' }]);
    await runUntilIdle(node);
    expect(calls).toBe(3);
    expect((await DynamicSupervisor.whichChildren(sup))[0]).toMatchObject({ restarting: false, pid: expect.any(Object) });
    expect(reports('startError')).toHaveLength(1);
  });
});

describe('terminateChild', () => {
  it('stops the child by pid and forgets it', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers() });
    const a = (await DynamicSupervisor.startChild(sup, 'a')) as Pid;
    await DynamicSupervisor.terminateChild(sup, a);
    expect(node.isAlive(a)).toBe(false);
    expect(journal).toEqual(['a:init', 'a:terminate:shutdown']);
    expect(await DynamicSupervisor.whichChildren(sup)).toEqual([]);
  });

  it('does not restart a permanent child it stopped', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers({ restart: 'permanent' }) });
    const a = (await DynamicSupervisor.startChild(sup, 'a')) as Pid;
    await DynamicSupervisor.terminateChild(sup, a);
    await runUntilIdle(node);
    expect(journal).toEqual(['a:init', 'a:terminate:shutdown']);
  });

  it('rejects childNotFound for a pid that is not a child, badPid for something else', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers() });
    expect((await rejection(DynamicSupervisor.terminateChild(sup, sup))).code).toBe('childNotFound');
    expect((await rejection(DynamicSupervisor.terminateChild(sup, 'a' as unknown as Pid))).code).toBe('badPid');
  });
});

describe('stopping a dynamic supervisor', () => {
  it('stops every child at once, then exits with the reason', async () => {
    const sup = await DynamicSupervisor.start(node, { child: workers() });
    for (const name of ['a', 'b', 'c']) await DynamicSupervisor.startChild(sup, name);
    await DynamicSupervisor.stop(sup, 'shutdown');
    expect(journal.slice(3).sort()).toEqual(['a:terminate:shutdown', 'b:terminate:shutdown', 'c:terminate:shutdown']);
    expect(node.processes()).toEqual([]);
  });

  it('kills the children still alive when the one shared shutdown timeout is up', async () => {
    const sup = await DynamicSupervisor.start(node, { child: { shutdown: 1000, start: (ctx: ProcessContext) => ctx.spawnLink(stubborn) } });
    const a = (await DynamicSupervisor.startChild(sup)) as Pid;
    const b = (await DynamicSupervisor.startChild(sup)) as Pid;
    const done = watch(DynamicSupervisor.stop(sup));
    await runUntilIdle(node);
    clock.advance(999);
    await runUntilIdle(node);
    expect([node.isAlive(a), node.isAlive(b), done().state]).toEqual([true, true, 'pending']);
    clock.advance(1);
    await runUntilIdle(node);
    expect([node.isAlive(a), node.isAlive(b), done().state]).toEqual([false, false, 'resolved']);
    expect(reports('shutdownError')).toHaveLength(2);
  });

  it('brutalKill kills every child at once', async () => {
    const sup = await DynamicSupervisor.start(node, { child: { shutdown: 'brutalKill', start: (ctx: ProcessContext) => ctx.spawnLink(stubborn) } });
    const a = (await DynamicSupervisor.startChild(sup)) as Pid;
    await DynamicSupervisor.stop(sup);
    expect(node.isAlive(a)).toBe(false);
    expect(reports('shutdownError')).toEqual([]);
  });

  it('under a supervisor, it is a child like any other: stopped with its children when the parent stops', async () => {
    const top = await Supervisor.start(node, {
      children: [{ id: 'pool', type: 'supervisor', start: (ctx) => DynamicSupervisor.startLink(ctx, { child: workers() }, { name: 'pool' }) }],
    });
    await DynamicSupervisor.startChild({ node, name: 'pool' }, 'a');
    await Supervisor.stop(top);
    expect(journal).toEqual(['a:init', 'a:terminate:shutdown']);
    expect(node.processes()).toEqual([]);
  });
});
