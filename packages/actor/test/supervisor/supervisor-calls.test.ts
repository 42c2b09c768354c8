// The client functions: startChild, terminateChild, restartChild, deleteChild, whichChildren, countChildren, and their errors.
import {
  CorralError, GenServer, Supervisor, createNode, ignore, isPid, type ChildSpecInput, type GenServerImpl, type Node, type Pid,
} from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crash, pidOf, workerSpec, type Journal } from './fixtures.js';

let node: Node;
let journal: Journal;
let sup: Pid;

beforeEach(async () => {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
  journal = [];
  sup = await Supervisor.start(node, { flags: { intensity: 10 }, children: [workerSpec(journal, 'a'), workerSpec(journal, 'b')] }, { name: 'sup' });
  journal.length = 0;
});

afterEach(() => node.stop());

async function rejection(promise: Promise<unknown>): Promise<CorralError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CorralError);
  return error as CorralError;
}

const ids = async (): Promise<string[]> => (await Supervisor.whichChildren(sup)).map((c) => c.id);
const ignoring: GenServerImpl<null> = { init: () => ignore() };
const failing: GenServerImpl<null> = {
  init: () => {
    throw new Error('no way');
  },
};

describe('startChild', () => {
  it('starts a child after the others and resolves with its pid', async () => {
    const pid = await Supervisor.startChild(sup, workerSpec(journal, 'c'));
    expect(isPid(pid)).toBe(true);
    expect(journal).toEqual(['c:init']);
    expect(await ids()).toEqual(['a', 'b', 'c']);
    expect(await pidOf(sup, 'c')).toBe(pid);
  });

  it('supervises the new child like the others: it is restarted and stopped in reverse order', async () => {
    await Supervisor.startChild(sup, workerSpec(journal, 'c'));
    crash(await pidOf(sup, 'c'));
    await runUntilIdle(node);
    await Supervisor.stop(sup);
    expect(journal).toEqual(['c:init', 'c:terminate:crash', 'c:init', 'c:terminate:shutdown', 'b:terminate:shutdown', 'a:terminate:shutdown']);
  });

  it('rejects duplicateChild for the id of a running child and of a child that is not running', async () => {
    const running = await rejection(Supervisor.startChild(sup, workerSpec(journal, 'a')));
    expect(running.code).toBe('duplicateChild');
    expect(running.reason).toBe(await pidOf(sup, 'a'));
    await Supervisor.terminateChild(sup, 'a');
    const present = await rejection(Supervisor.startChild(sup, workerSpec(journal, 'a')));
    expect(present.code).toBe('duplicateChild');
    expect(present.message).toMatch(/not running/);
  });

  it('rejects badChildSpec for an invalid spec', async () => {
    expect((await rejection(Supervisor.startChild(sup, { id: 'x', start: 'nope' } as unknown as ChildSpecInput))).code).toBe('badChildSpec');
  });

  it('rejects startFailed when the start fails, and keeps nothing', async () => {
    const error = await rejection(Supervisor.startChild(sup, { id: 'x', start: (ctx) => GenServer.startLink(ctx, failing, undefined) }));
    expect(error.code).toBe('startFailed');
    expect(error.message).toMatch(/no way/);
    expect(await ids()).toEqual(['a', 'b']);
  });

  it('resolves undefined for an ignored start and keeps the child as not running (temporary ones are not kept)', async () => {
    expect(await Supervisor.startChild(sup, { id: 'x', start: (ctx) => GenServer.startLink(ctx, ignoring, undefined) })).toBeUndefined();
    expect(await Supervisor.startChild(sup, { id: 'y', restart: 'temporary', start: (ctx) => GenServer.startLink(ctx, ignoring, undefined) })).toBeUndefined();
    expect(await ids()).toEqual(['a', 'b', 'x']);
  });
});

describe('terminateChild', () => {
  it('stops the child and keeps its spec as not running', async () => {
    const a = (await pidOf(sup, 'a')) as Pid;
    await Supervisor.terminateChild(sup, 'a');
    expect(node.isAlive(a)).toBe(false);
    expect(journal).toEqual(['a:terminate:shutdown']);
    expect((await Supervisor.whichChildren(sup))[0]).toEqual({ id: 'a', pid: undefined, restarting: false, type: 'worker' });
  });

  it('does not restart the child it stopped', async () => {
    await Supervisor.terminateChild(sup, 'a');
    await runUntilIdle(node);
    expect(await pidOf(sup, 'a')).toBeUndefined();
    expect(journal).toEqual(['a:terminate:shutdown']);
  });

  it('forgets a temporary child', async () => {
    await Supervisor.startChild(sup, workerSpec(journal, 't', { restart: 'temporary' }));
    await Supervisor.terminateChild(sup, 't');
    expect(await ids()).toEqual(['a', 'b']);
  });

  it('succeeds for a child that is already not running', async () => {
    await Supervisor.terminateChild(sup, 'a');
    await expect(Supervisor.terminateChild(sup, 'a')).resolves.toBeUndefined();
  });

  it('rejects childNotFound for an unknown id', async () => {
    expect((await rejection(Supervisor.terminateChild(sup, 'zz'))).code).toBe('childNotFound');
  });
});

describe('restartChild', () => {
  it('starts a stopped child again, in its place in the start order', async () => {
    await Supervisor.terminateChild(sup, 'a');
    const pid = await Supervisor.restartChild(sup, 'a');
    expect(isPid(pid)).toBe(true);
    expect(await Supervisor.whichChildren(sup)).toMatchObject([{ id: 'a', pid }, { id: 'b' }]);
    expect(journal).toEqual(['a:terminate:shutdown', 'a:init']);
  });

  it('rejects childRunning for a running child, childNotFound for an unknown one', async () => {
    const error = await rejection(Supervisor.restartChild(sup, 'a'));
    expect(error.code).toBe('childRunning');
    expect(error.reason).toBe(await pidOf(sup, 'a'));
    expect((await rejection(Supervisor.restartChild(sup, 'zz'))).code).toBe('childNotFound');
  });

  it('rejects startFailed when the start fails, leaving the child not running', async () => {
    let fail = false;
    const spec: ChildSpecInput = {
      id: 'f',
      start: (ctx) => (fail ? Promise.reject(new Error('down')) : GenServer.startLink(ctx, ignoring, undefined)),
    };
    expect(await Supervisor.startChild(sup, spec)).toBeUndefined();
    fail = true;
    const error = await rejection(Supervisor.restartChild(sup, 'f'));
    expect(error.code).toBe('startFailed');
    expect(error.message).toMatch(/down/);
    expect((await Supervisor.whichChildren(sup))[2]).toEqual({ id: 'f', pid: undefined, restarting: false, type: 'worker' });
  });
});

describe('deleteChild', () => {
  it('forgets a stopped child', async () => {
    await Supervisor.terminateChild(sup, 'a');
    await Supervisor.deleteChild(sup, 'a');
    expect(await ids()).toEqual(['b']);
    expect((await rejection(Supervisor.restartChild(sup, 'a'))).code).toBe('childNotFound');
  });

  it('rejects childRunning for a running child, childNotFound for an unknown one', async () => {
    expect((await rejection(Supervisor.deleteChild(sup, 'a'))).code).toBe('childRunning');
    expect((await rejection(Supervisor.deleteChild(sup, 'zz'))).code).toBe('childNotFound');
  });
});

describe('whichChildren and countChildren', () => {
  it('lists the children in start order with pid, restarting and type', async () => {
    const children = await Supervisor.whichChildren(sup);
    expect(children).toEqual([
      { id: 'a', pid: await pidOf(sup, 'a'), restarting: false, type: 'worker' },
      { id: 'b', pid: await pidOf(sup, 'b'), restarting: false, type: 'worker' },
    ]);
  });

  it('counts specs, active children, supervisors and workers', async () => {
    await Supervisor.startChild(sup, { id: 'inner', type: 'supervisor', start: (ctx) => Supervisor.startLink(ctx, {}) });
    await Supervisor.terminateChild(sup, 'a');
    expect(await Supervisor.countChildren(sup)).toEqual({ specs: 3, active: 2, supervisors: 1, workers: 2 });
  });

  it('answers by registered name too', async () => {
    expect(await Supervisor.countChildren({ node, name: 'sup' })).toMatchObject({ specs: 2, active: 2 });
  });

  it('rejects noproc when the supervisor is not alive', async () => {
    await Supervisor.stop(sup);
    expect((await rejection(Supervisor.whichChildren(sup))).code).toBe('noproc');
    expect((await rejection(Supervisor.countChildren({ node, name: 'sup' }))).code).toBe('noproc');
  });
});

describe('what is not a supervisor request', () => {
  it('a call with an unknown request is answered with badOption, and the supervisor lives on', async () => {
    const answer = (await GenServer.call(sup, { type: 'makeCoffee' })) as { type: string; error: CorralError };
    expect(answer.type).toBe('error');
    expect(answer.error.code).toBe('badOption');
    expect(node.isAlive(sup)).toBe(true);
  });

  it('an unexpected message is logged as a warning, and the supervisor lives on', async () => {
    const logger = createRecordingLogger();
    const other = createNode({ clock: createSimulatedClock(), logger });
    const pid = await Supervisor.start(other, {});
    other.send(pid, 'hello');
    await runUntilIdle(other);
    expect(logger.at('warn')[0]?.message).toMatch(/unexpected message: hello/);
    expect(other.isAlive(pid)).toBe(true);
    other.stop();
  });
});
