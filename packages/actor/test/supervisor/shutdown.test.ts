// Stopping children: reverse start order, exit 'shutdown' then kill after the timeout, brutalKill, infinity, and parent exits.
import { Supervisor, createNode, type ChildSpecInput, type Node, type Pid } from '@corral/actor';
import {
  createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger, type SimulatedClock,
} from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcess, pidOf, pids, slowToStop, stubborn, watch, workerSpec, type Journal } from './fixtures.js';

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

const reports = (context: string) => logger.at('error').filter((e) => e.meta?.context === context);

function stubbornSpec(id: string, shutdown: ChildSpecInput['shutdown']): ChildSpecInput {
  return { id, shutdown, start: (ctx) => ctx.spawnLink(stubborn) };
}

describe('the shutdown order', () => {
  it('a supervisor stopped by its parent stops its children in reverse start order, then exits with the same reason', async () => {
    const { pid: parent, result } = inProcess(node, async (ctx) => {
      await Supervisor.startLink(ctx, { children: ['a', 'b', 'c', 'd'].map((id) => workerSpec(journal, id)) }, { name: 'sup' });
      await ctx.receive((m) => m === 'quit');
      ctx.exit('going away');
    });
    await runUntilIdle(node);
    const sup = node.whereis('sup') as Pid;
    const exited = node.awaitExit(sup);
    node.send(parent, 'quit');
    await result.catch(() => undefined);
    expect(await exited).toBe('going away');
    expect(journal).toEqual(['a:init', 'b:init', 'c:init', 'd:init',
      'd:terminate:shutdown', 'c:terminate:shutdown', 'b:terminate:shutdown', 'a:terminate:shutdown']);
  });

  it('a supervisor started from outside any process stops in order on node.exit(pid, reason)', async () => {
    const sup = await Supervisor.start(node, { children: ['a', 'b'].map((id) => workerSpec(journal, id)) });
    const exited = node.awaitExit(sup);
    node.exit(sup, 'shutdown');
    expect(await exited).toBe('shutdown');
    expect(journal).toEqual(['a:init', 'b:init', 'b:terminate:shutdown', 'a:terminate:shutdown']);
  });

  it('Supervisor.stop stops the children in reverse order and resolves once the supervisor exited with the reason', async () => {
    const sup = await Supervisor.start(node, { children: ['a', 'b', 'c'].map((id) => workerSpec(journal, id)) });
    await Supervisor.stop(sup);
    expect(node.isAlive(sup)).toBe(false);
    expect(journal.slice(3)).toEqual(['c:terminate:shutdown', 'b:terminate:shutdown', 'a:terminate:shutdown']);
  });

  it('a child that does not trap exits is ended by the exit signal shutdown at once', async () => {
    const sup = await Supervisor.start(node, { children: [workerSpec(journal, 'a', { trap: false })] });
    const a = await pidOf(sup, 'a');
    const exited = node.awaitExit(a as Pid);
    await Supervisor.terminateChild(sup, 'a');
    expect(await exited).toBe('shutdown');
    expect(reports('shutdownError')).toEqual([]);
  });
});

describe('the shutdown timeout', () => {
  it('kills a child that ignores shutdown after exactly its timeout, and reports it', async () => {
    const sup = await Supervisor.start(node, { children: [stubbornSpec('stubborn', 1000)] });
    const child = (await pidOf(sup, 'stubborn')) as Pid;
    const exited = node.awaitExit(child);
    const done = watch(Supervisor.terminateChild(sup, 'stubborn'));
    await runUntilIdle(node);
    clock.advance(999);
    await runUntilIdle(node);
    expect(node.isAlive(child)).toBe(true);
    expect(done().state).toBe('pending');
    clock.advance(1);
    await runUntilIdle(node);
    expect(node.isAlive(child)).toBe(false);
    expect(await exited).toBe('killed');
    expect(done().state).toBe('resolved');
    expect(reports('shutdownError')).toHaveLength(1);
    expect(reports('shutdownError')[0]?.meta).toMatchObject({ child: 'stubborn', reason: 'killed' });
  });

  it('waits for the timeout of each child in turn while stopping in reverse order', async () => {
    const sup = await Supervisor.start(node, { children: [stubbornSpec('first', 100), stubbornSpec('second', 300)] });
    const { first, second } = await pids(sup);
    const exited = node.awaitExit(sup);
    node.exit(sup, 'shutdown');
    await runUntilIdle(node);
    clock.advance(299);
    await runUntilIdle(node);
    expect([node.isAlive(second as Pid), node.isAlive(first as Pid)]).toEqual([true, true]);
    clock.advance(1);
    await runUntilIdle(node);
    expect([node.isAlive(second as Pid), node.isAlive(first as Pid)]).toEqual([false, true]);
    clock.advance(99);
    await runUntilIdle(node);
    expect(node.isAlive(first as Pid)).toBe(true);
    clock.advance(1);
    expect(await exited).toBe('shutdown');
    expect(node.isAlive(first as Pid)).toBe(false);
  });

  it('a child that stops in time is not killed and not reported', async () => {
    const sup = await Supervisor.start(node, { children: [{ id: 'slow', shutdown: 1000, start: (ctx) => ctx.spawnLink(slowToStop) }] });
    const child = (await pidOf(sup, 'slow')) as Pid;
    const exited = node.awaitExit(child);
    const done = watch(Supervisor.terminateChild(sup, 'slow'));
    await runUntilIdle(node);
    clock.advance(500);
    node.send(child, 'go');
    await runUntilIdle(node);
    expect(await exited).toBe('shutdown');
    expect(done().state).toBe('resolved');
    expect(reports('shutdownError')).toEqual([]);
  });

  it("brutalKill kills the child at once, even one that traps exits, and 'killed' is no error", async () => {
    const sup = await Supervisor.start(node, { children: [stubbornSpec('brute', 'brutalKill')] });
    const child = (await pidOf(sup, 'brute')) as Pid;
    const exited = node.awaitExit(child);
    await Supervisor.terminateChild(sup, 'brute');
    expect(await exited).toBe('killed');
    expect(reports('shutdownError')).toEqual([]);
  });

  it('brutalKill skips terminate of a GenServer child', async () => {
    const sup = await Supervisor.start(node, { children: [workerSpec(journal, 'a', { shutdown: 'brutalKill' })] });
    await Supervisor.terminateChild(sup, 'a');
    expect(journal).toEqual(['a:init']);
  });

  it('infinity waits as long as the child takes', async () => {
    const sup = await Supervisor.start(node, { children: [{ id: 'slow', shutdown: 'infinity', start: (ctx) => ctx.spawnLink(slowToStop) }] });
    const child = (await pidOf(sup, 'slow')) as Pid;
    const done = watch(Supervisor.terminateChild(sup, 'slow'));
    await runUntilIdle(node);
    clock.advance(3_600_000);
    await runUntilIdle(node);
    expect(node.isAlive(child)).toBe(true);
    expect(done().state).toBe('pending');
    node.send(child, 'go');
    await runUntilIdle(node);
    expect(done().state).toBe('resolved');
    expect(node.isAlive(child)).toBe(false);
  });

  it('a supervisor child gets infinity by default, so its own children stop in order first', async () => {
    const inner: ChildSpecInput = {
      id: 'inner',
      type: 'supervisor',
      start: (ctx) => Supervisor.startLink(ctx, { children: [workerSpec(journal, 'x'), { id: 'slow', start: (c) => c.spawnLink(slowToStop) }] }),
    };
    const top = await Supervisor.start(node, { children: [workerSpec(journal, 'a'), inner] });
    const innerPid = (await pidOf(top, 'inner')) as Pid;
    const slow = (await pidOf(innerPid, 'slow')) as Pid;
    const done = watch(Supervisor.stop(top));
    await runUntilIdle(node);
    clock.advance(4999);
    await runUntilIdle(node);
    expect(node.isAlive(innerPid)).toBe(true);
    clock.advance(1);
    await runUntilIdle(node);
    expect(node.isAlive(slow)).toBe(false);
    expect(done().state).toBe('resolved');
    expect(journal).toEqual(['a:init', 'x:init', 'x:terminate:shutdown', 'a:terminate:shutdown']);
  });
});

describe('a child that dies while it is being stopped', () => {
  it('is reported with its real reason, taken from its EXIT message', async () => {
    const sup = await Supervisor.start(node, { children: [workerSpec(journal, 'a', { trap: false })] });
    const a = (await pidOf(sup, 'a')) as Pid;
    // The call reaches the supervisor's mailbox first; the child dies before the supervisor handles it.
    const done = Supervisor.terminateChild(sup, 'a');
    node.exit(a, 'boom');
    await done;
    expect(reports('childTerminated')).toHaveLength(0);
    expect(reports('shutdownError')[0]?.meta).toMatchObject({ child: 'a', reason: 'boom' });
    expect((await Supervisor.whichChildren(sup))[0]?.pid).toBeUndefined();
  });
});
