// GenServer.start, startLink and stop: a synchronous start that leaves nothing behind when init fails, and an orderly stop.
import {
  CorralError, GenServer, TIMEOUT, createNode, ignore, noreply, ok, reply, stop,
  type ExitReason, type GenServerImpl, type Node, type Pid, type ProcessContext,
} from '@corral/actor';
import {
  createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger, type SimulatedClock,
} from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcess, watch } from './probes.js';

let node: Node;
let clock: SimulatedClock;
let logger: RecordingLogger;

beforeEach(() => {
  clock = createSimulatedClock();
  logger = createRecordingLogger();
  node = createNode({ clock, logger });
});

afterEach(() => node.stop());

/** A server whose state is the init argument; `'get'` answers it. */
const echo: GenServerImpl<number, number, 'get', never, number> = {
  init: (n) => ok(n),
  handleCall: (_req, _from, state) => reply(state, state),
};

/** A server whose init returns `result` (or throws it, when it is an Error). */
function initReturning(result: unknown): GenServerImpl<null> {
  return {
    init: () => {
      if (result instanceof Error) throw result;
      return result as ReturnType<GenServerImpl<null>['init']>;
    },
  };
}

async function startFailure(promise: Promise<unknown>): Promise<CorralError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CorralError);
  return error as CorralError;
}

describe('GenServer.start', () => {
  it('resolves with the pid only after init has run in the new process', async () => {
    const seen: { self?: Pid; args?: number } = {};
    let initDoneWhenResolved = false;
    const pid = await GenServer.start(node, {
      init: (args: number, ctx) => {
        seen.self = ctx.self;
        seen.args = args;
        return ok(args);
      },
    }, 7).then((p) => {
      initDoneWhenResolved = seen.self !== undefined;
      return p;
    });
    expect(initDoneWhenResolved).toBe(true);
    expect(seen).toEqual({ self: pid, args: 7 });
    expect(node.processInfo(pid)).toMatchObject({ behaviour: 'handler', kind: 'gen_server', links: [] });
  });

  it('hands the state init returned to the first callback', async () => {
    const pid = await GenServer.start(node, echo, 41);
    expect(await GenServer.call(pid, 'get')).toBe(41);
  });

  it('registers the server under its name, so calls by { node, name } reach it', async () => {
    const pid = await GenServer.start(node, echo, 1, { name: 'echo' });
    expect(node.whereis('echo')).toBe(pid);
    expect(node.processInfo(pid)?.registeredName).toBe('echo');
    expect(await GenServer.call({ node, name: 'echo' }, 'get')).toBe(1);
  });

  it('rejects alreadyStarted with the holder as reason when the name is taken, without running init', async () => {
    const first = await GenServer.start(node, echo, 1, { name: 'echo' });
    let inits = 0;
    const error = await startFailure(GenServer.start(node, { init: () => ok(++inits) }, undefined, { name: 'echo' }));
    expect(error.code).toBe('alreadyStarted');
    expect(error.reason).toBe(first);
    await runUntilIdle(node);
    expect(inits).toBe(0);
    expect(node.processes()).toEqual([first]);
  });

  it('frees the name when the server exits, so a new start can take it', async () => {
    const first = await GenServer.start(node, echo, 1, { name: 'echo' });
    await GenServer.stop(first);
    const second = await GenServer.start(node, echo, 2, { name: 'echo' });
    expect(second).not.toBe(first);
    expect(await GenServer.call({ node, name: 'echo' }, 'get')).toBe(2);
  });

  it('started from a process context, the server is not linked to the caller', async () => {
    const { pid: caller, result } = inProcess(node, (ctx) => GenServer.start(ctx, echo, 1));
    const callerExit = node.awaitExit(caller);
    const server = await result;
    expect(node.processInfo(server)?.links).toEqual([]);
    expect(await callerExit).toBe('normal');
    expect(await GenServer.call(server, 'get')).toBe(1);
  });

  describe('when init does not return ok', () => {
    const boom = new Error('init boom');
    const failures: Array<[string, unknown, (reason: unknown) => void]> = [
      ['throws', boom, (reason) => expect(reason).toBe(boom)],
      ['returns stop(reason)', stop({ bad: 'config' }, null), (reason) => expect(reason).toEqual({ bad: 'config' })],
      ['returns a plain object', { type: 'ok', state: 1 }, (reason) => expect(reason).toMatchObject({ code: 'badReturnValue' })],
      ['returns undefined', undefined, (reason) => expect(reason).toMatchObject({ code: 'badReturnValue' })],
      ['returns a result init may not return', noreply(null), (reason) => expect(reason).toMatchObject({ code: 'badReturnValue' })],
    ];

    it.each(failures)('init that %s rejects startFailed with the reason and leaves no process nor name behind', async (_how, result, checkReason) => {
      const before = node.processes();
      const error = await startFailure(GenServer.start(node, initReturning(result), undefined, { name: 'failing' }));
      expect(error.code).toBe('startFailed');
      checkReason(error.reason);
      expect(node.processes()).toEqual(before);
      expect(node.whereis('failing')).toBeUndefined();
      expect(clock.pending).toBe(0);
    });

    it('init that throws logs the error; init that returns stop(reason) is a clean refusal', async () => {
      await startFailure(GenServer.start(node, initReturning(boom), undefined));
      expect(logger.at('error')).toHaveLength(1);
      expect(logger.at('error')[0]?.meta).toMatchObject({ reason: boom });
      await startFailure(GenServer.start(node, initReturning(stop('normal', null)), undefined));
      expect(logger.at('error')).toHaveLength(1);
    });

    it('init that returns ignore() rejects ignored, leaves no process behind and logs nothing', async () => {
      const error = await startFailure(GenServer.start(node, initReturning(ignore()), undefined, { name: 'skipped' }));
      expect(error.code).toBe('ignored');
      expect(node.processes()).toEqual([]);
      expect(node.whereis('skipped')).toBeUndefined();
      expect(logger.entries).toEqual([]);
    });

    it('init that calls ctx.exit(reason) rejects startFailed with that reason', async () => {
      const error = await startFailure(GenServer.start(node, {
        init: (_args: void, ctx: ProcessContext) => ctx.exit({ shutdown: 'no config' }),
      }, undefined));
      expect(error.code).toBe('startFailed');
      expect(error.reason).toEqual({ shutdown: 'no config' });
    });
  });

  describe('the start timeout', () => {
    it('kills the process and rejects startFailed with reason timeout when init has not returned in time', async () => {
      let inits = 0;
      const start = watch(GenServer.start(node, { init: () => ok(++inits) }, undefined, { name: 'slow', timeout: 100 }));
      // Time passes synchronously, before the scheduler can run the new process's init.
      const pid = node.whereis('slow') as Pid;
      const exit = node.awaitExit(pid);
      clock.advance(99);
      expect(node.isAlive(pid)).toBe(true);
      clock.advance(1);
      expect(node.isAlive(pid)).toBe(false);
      expect(await exit).toBe('killed');
      await runUntilIdle(node);
      const outcome = start();
      expect(outcome.state).toBe('rejected');
      const error = (outcome as { error: CorralError }).error;
      expect(error).toBeInstanceOf(CorralError);
      expect(error).toMatchObject({ code: 'startFailed', reason: 'timeout' });
      expect(inits).toBe(0);
      expect(node.processes()).toEqual([]);
      expect(node.whereis('slow')).toBeUndefined();
    });

    it('is 5000 ms by default and cleared once init returned', async () => {
      const start = watch(GenServer.start(node, echo, 1));
      expect(clock.pending).toBe(1);
      clock.advance(4999);
      await runUntilIdle(node);
      expect(start().state).toBe('resolved');
      expect(clock.pending).toBe(0);
    });

    it('with Infinity arms no timer', async () => {
      const start = GenServer.start(node, echo, 1, { timeout: Infinity });
      expect(clock.pending).toBe(0);
      await start;
    });

    it('rejects a negative timeout with badTimeout before spawning anything', () => {
      expect(() => GenServer.start(node, echo, 1, { timeout: -1 })).toThrow(expect.objectContaining({ code: 'badTimeout' }));
      expect(node.processes()).toEqual([]);
    });
  });

  it('rejects startFailed with the exit reason when the process is killed before its init ran', async () => {
    const start = watch(GenServer.start(node, echo, 1, { name: 'doomed', timeout: Infinity }));
    node.exit(node.whereis('doomed') as Pid, 'kill');
    await runUntilIdle(node);
    const outcome = start();
    expect(outcome.state).toBe('rejected');
    expect((outcome as { error: unknown }).error).toMatchObject({ code: 'startFailed', reason: 'killed' });
  });
});

describe('GenServer.startLink', () => {
  it('links the server to the calling process', async () => {
    const { pid: caller, result } = inProcess(node, async (ctx) => {
      const server = await GenServer.startLink(ctx, echo, 1);
      await ctx.receive((m) => m === 'done');
      return server;
    });
    await runUntilIdle(node);
    const server = node.processes().find((p) => p !== caller) as Pid;
    expect(node.processInfo(server)?.links).toEqual([caller]);
    expect(node.processInfo(caller)?.links).toEqual([server]);
    node.send(caller, 'done');
    expect(await result).toBe(server);
  });

  it.each([false, true])(
    'when init fails, rejects startFailed and the calling process survives, with no EXIT message (trapping exits: %s)',
    async (trapping) => {
      const boom = new Error('init boom');
      const { pid: caller, result } = inProcess(node, async (ctx) => {
        ctx.trapExit(trapping);
        const error = await GenServer.startLink(ctx, initReturning(boom), undefined).catch((e: unknown) => e);
        await ctx.receive((m) => m === 'check');
        const leftover = await ctx.receive(undefined, { timeout: 0 });
        return { error, leftover };
      });
      await runUntilIdle(node);
      expect(node.isAlive(caller)).toBe(true);
      expect(node.processes()).toEqual([caller]);
      node.send(caller, 'check');
      const { error, leftover } = await result;
      expect(error).toMatchObject({ code: 'startFailed', reason: boom });
      expect(leftover).toBe(TIMEOUT);
    },
  );

  it('when init returns stop(reason) or ignore(), the calling process survives', async () => {
    const { pid: caller, result } = inProcess(node, async (ctx) => {
      const codes: unknown[] = [];
      for (const r of [stop('bad', null), ignore()]) {
        codes.push(await GenServer.startLink(ctx, initReturning(r), undefined).catch((e: CorralError) => e.code));
      }
      await ctx.receive((m) => m === 'done');
      return codes;
    });
    await runUntilIdle(node);
    expect(node.processes()).toEqual([caller]);
    node.send(caller, 'done');
    expect(await result).toEqual(['startFailed', 'ignored']);
  });

  it('when init times out, the server is killed and the calling process survives', async () => {
    const { pid: caller, result } = inProcess(node, async (ctx) => {
      const pending = GenServer.startLink(ctx, echo, 1, { timeout: 50 });
      expect(node.processInfo(ctx.self)?.links).toHaveLength(1);
      // Time passes before the scheduler could run the server's init.
      clock.advance(50);
      return pending.catch((e: unknown) => e);
    });
    const callerExit = node.awaitExit(caller);
    expect(await result).toMatchObject({ code: 'startFailed', reason: 'timeout' });
    expect(await callerExit).toBe('normal');
    expect(node.processes()).toEqual([]);
    expect(logger.at('error')).toEqual([]);
  });

  it('refuses a node in place of a process context', () => {
    expect(() => GenServer.startLink(node as unknown as ProcessContext, echo, 1)).toThrow(expect.objectContaining({ code: 'badOption' }));
  });
});

describe('GenServer.stop', () => {
  /** A server that records terminate's reason and state. */
  function recorder(terminated: Array<[ExitReason, number]>): GenServerImpl<number, void, never, 'bump'> {
    return {
      init: () => ok(0),
      handleCast: (_msg, n) => noreply(n + 1),
      terminate: (reason, state) => {
        terminated.push([reason, state]);
      },
    };
  }

  it('runs terminate with the reason and the state, and resolves once the server has exited with it', async () => {
    const terminated: Array<[ExitReason, number]> = [];
    const pid = await GenServer.start(node, recorder(terminated), undefined);
    GenServer.cast(pid, 'bump');
    const exit = node.awaitExit(pid);
    await GenServer.stop(pid, 'shutdown');
    expect(terminated).toEqual([['shutdown', 1]]);
    expect(node.isAlive(pid)).toBe(false);
    expect(await exit).toBe('shutdown');
    expect(logger.entries).toEqual([]);
  });

  it("stops with reason 'normal' by default, by pid or by name", async () => {
    const terminated: Array<[ExitReason, number]> = [];
    await GenServer.start(node, recorder(terminated), undefined, { name: 'rec' });
    await GenServer.stop({ node, name: 'rec' });
    expect(terminated).toEqual([['normal', 0]]);
    expect(node.whereis('rec')).toBeUndefined();
  });

  it('with an abnormal reason, logs an error after terminate', async () => {
    const pid = await GenServer.start(node, recorder([]), undefined);
    await GenServer.stop(pid, 'bad state');
    expect(logger.at('error')).toHaveLength(1);
    expect(logger.at('error')[0]?.meta).toMatchObject({ pid, reason: 'bad state' });
  });

  it('rejects noproc for a dead pid and for a free name', async () => {
    const pid = await GenServer.start(node, echo, 1);
    await GenServer.stop(pid);
    await expect(GenServer.stop(pid)).rejects.toMatchObject({ code: 'noproc', reason: 'noproc' });
    await expect(GenServer.stop({ node, name: 'nobody' })).rejects.toMatchObject({ code: 'noproc' });
  });

  it('rejects exit with the error of a terminate that throws, which becomes the exit reason', async () => {
    const broken = new Error('terminate broke');
    const pid = await GenServer.start(node, {
      init: () => ok(null),
      terminate: () => {
        throw broken;
      },
    }, undefined);
    const exit = node.awaitExit(pid);
    await expect(GenServer.stop(pid)).rejects.toMatchObject({ code: 'exit', reason: broken });
    expect(await exit).toBe(broken);
  });

  it('rejects timeout when the server has not exited in time', async () => {
    const pid = await GenServer.start(node, echo, 1);
    const stopping = watch(GenServer.stop(pid, 'normal', 100));
    // Time passes before the scheduler hands the stop request to the server.
    clock.advance(100);
    await runUntilIdle(node);
    expect(stopping()).toMatchObject({ state: 'rejected', error: { code: 'timeout' } });
  });
});
