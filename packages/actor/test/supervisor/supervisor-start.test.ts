// Supervisor.start and startLink: children start in order, a failed start leaves nothing behind, ignore, names, bad specs.
import {
  CorralError, GenServer, Supervisor, createNode, ignore, isPid, ok,
  type ChildSpecInput, type GenServerImpl, type Node, type Pid,
} from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcess, pids, workerSpec, type Journal } from './fixtures.js';

let node: Node;
let logger: RecordingLogger;
let journal: Journal;

beforeEach(() => {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger });
  journal = [];
});

afterEach(() => node.stop());

async function failure(promise: Promise<unknown>): Promise<CorralError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CorralError);
  return error as CorralError;
}

const failingInit: GenServerImpl<null> = {
  init: () => {
    throw new Error('init failed');
  },
};

const ignoringInit: GenServerImpl<null> = { init: () => ignore() };

describe('starting a supervisor', () => {
  it('starts its children in order and resolves once all of them run', async () => {
    const sup = await Supervisor.start(node, { children: ['a', 'b', 'c'].map((id) => workerSpec(journal, id)) });
    expect(journal).toEqual(['a:init', 'b:init', 'c:init']);
    const children = await pids(sup);
    expect(Object.keys(children)).toEqual(['a', 'b', 'c']);
    for (const pid of Object.values(children)) expect(node.isAlive(pid as Pid)).toBe(true);
    expect(node.processInfo(sup)?.kind).toBe('supervisor');
  });

  it('starts with no children at all', async () => {
    const sup = await Supervisor.start(node, {});
    expect(await Supervisor.whichChildren(sup)).toEqual([]);
  });

  it('links its children to itself, so a killed supervisor takes its children down', async () => {
    const sup = await Supervisor.start(node, { children: [workerSpec(journal, 'a', { trap: false })] });
    const { a } = await pids(sup);
    node.exit(sup, 'kill');
    await runUntilIdle(node);
    expect(node.isAlive(a as Pid)).toBe(false);
  });

  it('rejects startFailed when a child fails, after stopping the children already started in reverse order', async () => {
    const specs: ChildSpecInput[] = [
      workerSpec(journal, 'a'),
      workerSpec(journal, 'b'),
      { id: 'bad', start: (ctx) => GenServer.startLink(ctx, failingInit, undefined) },
      workerSpec(journal, 'c'),
    ];
    const error = await failure(Supervisor.start(node, { children: specs }));
    expect(error.code).toBe('startFailed');
    expect(error.message).toMatch(/child bad failed to start: .*init failed/);
    expect(error.reason).toMatchObject({ shutdown: { failedToStartChild: 'bad' } });
    expect(journal).toEqual(['a:init', 'b:init', 'b:terminate:shutdown', 'a:terminate:shutdown']);
    await runUntilIdle(node);
    expect(node.processes()).toEqual([]);
    expect(logger.at('error').some((e) => e.meta?.context === 'startError' && e.meta.child === 'bad')).toBe(true);
  });

  it('a failed startLink leaves its caller alive: the supervisor unlinks before it exits', async () => {
    const { pid, result } = inProcess(node, async (ctx) => {
      const error = await Supervisor.startLink(ctx, { children: [{ id: 'bad', start: (c) => GenServer.startLink(c, failingInit, undefined) }] })
        .then(() => null, (e: unknown) => e);
      return (error as CorralError).code;
    });
    expect(await result).toBe('startFailed');
    await runUntilIdle(node);
    expect(node.isAlive(pid)).toBe(false);
    expect(logger.at('error').filter((e) => /Error in process/.test(e.message))).toEqual([]);
  });

  it('treats a start that throws, rejects or returns something else than a pid as a failed start', async () => {
    const throwing = await failure(Supervisor.start(node, { children: [{ id: 't', start: () => { throw new Error('no'); } }] }));
    expect(throwing.code).toBe('startFailed');
    const rejecting = await failure(Supervisor.start(node, { children: [{ id: 'r', start: () => Promise.reject(new Error('no')) }] }));
    expect(rejecting.code).toBe('startFailed');
    const garbage = await failure(Supervisor.start(node, { children: [{ id: 'g', start: () => 42 as unknown as Pid }] }));
    expect(garbage.code).toBe('startFailed');
    expect((garbage.cause as CorralError).code).toBe('badReturnValue');
  });

  it('keeps a child whose start was ignored as a child that is not running, but forgets a temporary one', async () => {
    const sup = await Supervisor.start(node, {
      children: [
        { id: 'ignored', start: (ctx) => GenServer.startLink(ctx, ignoringInit, undefined) },
        { id: 'gone', restart: 'temporary', start: (ctx) => GenServer.startLink(ctx, ignoringInit, undefined) },
        workerSpec(journal, 'a'),
      ],
    });
    expect(await Supervisor.whichChildren(sup)).toEqual([
      { id: 'ignored', pid: undefined, restarting: false, type: 'worker' },
      { id: 'a', pid: expect.any(Object), restarting: false, type: 'worker' },
    ]);
  });

  it('starts a child with a plain linked async body too', async () => {
    const sup = await Supervisor.start(node, {
      children: [{ id: 'body', start: (ctx) => ctx.spawnLink(async (c) => { await c.receive((m) => m === 'never'); }) }],
    });
    const { body } = await pids(sup);
    expect(isPid(body)).toBe(true);
  });

  it('registers the supervisor under a name, and rejects alreadyStarted when the name is taken', async () => {
    const sup = await Supervisor.start(node, { children: [workerSpec(journal, 'a')] }, { name: 'top' });
    expect(node.whereis('top')).toBe(sup);
    expect((await Supervisor.whichChildren({ node, name: 'top' })).map((c) => c.id)).toEqual(['a']);
    const error = await failure(Supervisor.start(node, {}, { name: 'top' }));
    expect(error.code).toBe('alreadyStarted');
    expect(error.reason).toBe(sup);
  });

  it('rejects a bad spec before spawning anything: badOption, badChildSpec, duplicateChild', async () => {
    expect((await failure(Supervisor.start(node, { flags: { strategy: 'everyone' as 'oneForAll' } }))).code).toBe('badOption');
    expect((await failure(Supervisor.start(node, { children: [{ id: 'a' } as ChildSpecInput] }))).code).toBe('badChildSpec');
    const twice = [workerSpec(journal, 'a'), workerSpec(journal, 'a')];
    expect((await failure(Supervisor.start(node, { children: twice }))).code).toBe('duplicateChild');
    expect(node.processes()).toEqual([]);
    expect(journal).toEqual([]);
  });

  it('a start from a process does not link to it, but an exit signal from that process stops the supervisor in order', async () => {
    const { pid: caller, result } = inProcess(node, async (ctx) => {
      const sup = await Supervisor.start(ctx, { children: [workerSpec(journal, 'a'), workerSpec(journal, 'b')] });
      await ctx.receive((m) => m === 'stop it');
      ctx.exit(sup, 'enough');
      return sup;
    });
    await runUntilIdle(node);
    const sup = node.processes().find((p) => node.processInfo(p)?.kind === 'supervisor') as Pid;
    expect(node.processInfo(caller)?.links ?? []).not.toContain(sup);
    const exited = node.awaitExit(sup);
    node.send(caller, 'stop it');
    expect(await result).toBe(sup);
    expect(await exited).toBe('enough');
    expect(journal).toEqual(['a:init', 'b:init', 'b:terminate:shutdown', 'a:terminate:shutdown']);
  });

  it('rejects a startLink from outside any process', async () => {
    const error = await failure(Supervisor.startLink(node as never, {}));
    expect(error.code).toBe('badOption');
  });

  it('nests: a child of type supervisor starts its own children before the next sibling starts', async () => {
    const inner = (): ChildSpecInput => ({
      id: 'inner',
      type: 'supervisor',
      start: (ctx) => Supervisor.startLink(ctx, { children: [workerSpec(journal, 'x'), workerSpec(journal, 'y')] }),
    });
    const top = await Supervisor.start(node, { children: [workerSpec(journal, 'a'), inner(), workerSpec(journal, 'b')] });
    expect(journal).toEqual(['a:init', 'x:init', 'y:init', 'b:init']);
    expect(await Supervisor.countChildren(top)).toEqual({ specs: 3, active: 3, supervisors: 1, workers: 2 });
  });

  it('a nested supervisor that fails to start makes its parent fail to start too', async () => {
    const inner: ChildSpecInput = {
      id: 'inner',
      type: 'supervisor',
      start: (ctx) => Supervisor.startLink(ctx, { children: [{ id: 'bad', start: (c) => GenServer.startLink(c, failingInit, undefined) }] }),
    };
    const error = await failure(Supervisor.start(node, { children: [workerSpec(journal, 'a'), inner] }));
    expect(error.reason).toMatchObject({ shutdown: { failedToStartChild: 'inner' } });
    expect(journal).toEqual(['a:init', 'a:terminate:shutdown']);
  });
});

describe('a supervisor init with GenServer.startLink of an ok child', () => {
  it('passes the supervisor context to start, so the child is linked to the supervisor', async () => {
    let parent: Pid | undefined;
    const sup = await Supervisor.start(node, {
      children: [{ id: 'a', start: (ctx) => { parent = ctx.self; return GenServer.startLink(ctx, { init: () => ok(null) }, undefined); } }],
    });
    expect(parent).toBe(sup);
  });
});
