// The GenServer process: stop results, terminate and bad return values.
import {
  CorralError, GenServer, createNode, noreply, ok, reply, stop,
  type GenServerImpl, type InfoResult, type Node, type Pid,
} from '@corral/actor';
import {
  createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger, type SimulatedClock,
} from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTrace, startTraced, traced, type Trace } from './traced.js';
import { inProcess } from './probes.js';

let node: Node;
let clock: SimulatedClock;
let logger: RecordingLogger;

beforeEach(() => {
  clock = createSimulatedClock();
  logger = createRecordingLogger();
  node = createNode({ clock, logger });
});

afterEach(() => node.stop());


describe('stop results', () => {
  it('stop with a reply answers the caller first, then runs terminate and exits with the reason', async () => {
    const trace = newTrace();
    const broken = new Error('terminate broke');
    const pid = await GenServer.start(node, {
      init: () => ok('last'),
      handleCall: (_req: 'quit', _from, state) => stop('normal', state, { reply: 'bye' }),
      terminate: (reason, state) => {
        trace.terminated.push({ reason, state });
        throw broken;
      },
    }, undefined);
    const exit = node.awaitExit(pid);
    // terminate throws, so the server exits with its error: the caller was answered before that.
    expect(await GenServer.call(pid, 'quit')).toBe('bye');
    expect(trace.terminated).toEqual([{ reason: 'normal', state: 'last' }]);
    expect(await exit).toBe(broken);
  });

  it("stop without a reply from handleCall rejects the caller with exit and the stop's reason", async () => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, { init: () => ok(null), handleCall: (_req, _from, s) => stop('shutdown', s) });
    await expect(GenServer.call(pid, 'quit')).rejects.toMatchObject({ code: 'exit', reason: 'shutdown' });
    expect(trace.terminated).toEqual([{ reason: 'shutdown', state: null }]);
  });

  const stoppers: Array<[string, (trace: Trace) => Omit<GenServerImpl<string, void, unknown, unknown, unknown>, 'terminate'>, (pid: Pid) => void]> = [
    ['handleCast', () => ({ init: () => ok('s0'), handleCast: (_m, s) => stop({ shutdown: 'cast' }, `${s}+1`) }), (pid) => GenServer.cast(pid, 'go')],
    ['handleInfo', () => ({ init: () => ok('s0'), handleInfo: (_m, s) => stop({ shutdown: 'cast' }, `${s}+1`) }), (pid) => node.send(pid, 'go')],
    ['handleContinue', () => ({
      init: () => ok('s0'),
      handleInfo: (_m, s) => noreply(`${s}+1`, { continue: 'end' }),
      handleContinue: (_arg, s): InfoResult<string> => stop({ shutdown: 'cast' }, s),
    }), (pid) => node.send(pid, 'go')],
  ];

  it.each(stoppers)('stop from %s runs terminate with the reason and the state it carries, and exits with the reason', async (_name, impl, trigger) => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, impl(trace));
    const exit = node.awaitExit(pid);
    trigger(pid);
    expect(await exit).toEqual({ shutdown: 'cast' });
    expect(trace.terminated).toEqual([{ reason: { shutdown: 'cast' }, state: 's0+1' }]);
    expect(logger.entries).toEqual([]);
  });

  it('an abnormal stop reason is logged as an error with the last message', async () => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, { init: () => ok(null), handleCast: (_m, s) => stop('gave up', s) });
    const exit = node.awaitExit(pid);
    GenServer.cast(pid, 'go');
    expect(await exit).toBe('gave up');
    expect(logger.at('error')).toHaveLength(1);
    expect(logger.at('error')[0]?.meta).toMatchObject({ pid, reason: 'gave up' });
  });
});

describe('terminate', () => {
  it('does not run when the server is killed', async () => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, { init: () => ok(null) });
    const exit = node.awaitExit(pid);
    node.exit(pid, 'kill');
    expect(await exit).toBe('killed');
    expect(trace.terminated).toEqual([]);
  });

  it("does not run when the parent's exit ends a server that does not trap exits", async () => {
    const trace = newTrace();
    const { pid: parent, result } = inProcess(node, async (ctx) => {
      const server = await GenServer.startLink(ctx, traced(trace, { init: () => ok(null) }), undefined);
      node.awaitExit(server).then((reason) => trace.events.push(reason), () => undefined);
      await ctx.receive((m) => m === 'die');
      return ctx.exit('parent crashed');
    });
    await runUntilIdle(node);
    node.send(parent, 'die');
    await result.catch(() => undefined);
    await runUntilIdle(node);
    expect(trace.events).toEqual(['parent crashed']);
    expect(trace.terminated).toEqual([]);
  });

  it.each(['parent crashed', 'normal'])(
    "with trapExit and startLink, the parent's exit (%s) runs terminate with the parent's reason and the server exits with it",
    async (parentReason) => {
      const trace = newTrace();
      const { pid: parent, result } = inProcess(node, async (ctx) => {
        const server = await GenServer.startLink(ctx, traced(trace, {
          init: (_args, c) => {
            c.trapExit(true);
            return ok('state');
          },
        }), undefined);
        node.awaitExit(server).then((reason) => trace.events.push(reason), () => undefined);
        await ctx.receive((m) => m === 'die');
        return ctx.exit(parentReason);
      });
      await runUntilIdle(node);
      node.send(parent, 'die');
      await result.catch(() => undefined);
      await runUntilIdle(node);
      expect(trace.terminated).toEqual([{ reason: parentReason, state: 'state' }]);
      expect(trace.events).toEqual([parentReason]);
      expect(node.processes()).toEqual([]);
    },
  );

  it('a crash in a callback runs terminate with the thrown error, logs it, and the server exits with it', async () => {
    const trace = newTrace();
    const boom = new Error('cast boom');
    const pid = await startTraced(node, trace, {
      init: () => ok('before'),
      handleCast: () => {
        throw boom;
      },
    });
    const exit = node.awaitExit(pid);
    GenServer.cast(pid, 'go');
    expect(await exit).toBe(boom);
    expect(trace.terminated).toEqual([{ reason: boom, state: 'before' }]);
    expect(logger.at('error')).toHaveLength(1);
    expect(logger.at('error')[0]?.meta).toMatchObject({ pid, reason: boom });
  });

  it('ctx.exit(reason) in a callback runs terminate with that reason and the server exits with it', async () => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, {
      init: () => ok('s'),
      handleCast: (_msg, _s, ctx) => ctx.exit({ shutdown: 'asked' }),
    });
    const exit = node.awaitExit(pid);
    GenServer.cast(pid, 'go');
    expect(await exit).toEqual({ shutdown: 'asked' });
    expect(trace.terminated).toEqual([{ reason: { shutdown: 'asked' }, state: 's' }]);
    expect(logger.entries).toEqual([]);
  });

  it('a server that a link signal kills inside its own callback exits with that reason and does not run terminate', async () => {
    const trace = newTrace();
    const pid = await startTraced<Pid>(node, trace, {
      init: (_args, ctx) => ok(ctx.spawnLink(async (c) => c.receive())),
      handleCast: (_msg, peer, ctx) => {
        ctx.exit(peer, 'peer killed');
        trace.events.push('after exit(peer)');
        return noreply(peer);
      },
    });
    const exit = node.awaitExit(pid);
    GenServer.cast(pid, 'go');
    expect(await exit).toBe('peer killed');
    expect(trace.events).toEqual([]);
    expect(trace.terminated).toEqual([]);
  });
});

describe('bad return values', () => {
  const garbage: Array<[string, Omit<GenServerImpl<string, void, unknown, unknown, unknown>, 'terminate'>, unknown, (pid: Pid) => void]> = [
    ['handleCall returns undefined', { init: () => ok('s'), handleCall: () => undefined as never }, undefined, (pid) => void GenServer.call(pid, 'x').catch(() => undefined)],
    ['handleCast returns reply()', { init: () => ok('s'), handleCast: () => reply(1, 's') as never }, 'reply', (pid) => GenServer.cast(pid, 'x')],
    ['handleInfo returns a lookalike', { init: () => ok('s'), handleInfo: () => ({ type: 'noreply', state: 's' }) as never }, { type: 'noreply', state: 's' }, (pid) => node.send(pid, 'x')],
    ['handleContinue returns ok()', {
      init: () => ok('s'), handleInfo: (_m, s) => noreply(s, { continue: 'c' }), handleContinue: () => ok('s') as never,
    }, 'ok', (pid) => node.send(pid, 'x')],
  ];

  it.each(garbage)('when %s, the server stops with a badReturnValue error: terminate gets it, it is logged', async (_how, impl, bad, trigger) => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, impl);
    const exit = node.awaitExit(pid);
    trigger(pid);
    const reason = await exit;
    expect(reason).toBeInstanceOf(CorralError);
    expect(reason).toMatchObject({ code: 'badReturnValue' });
    const offending = (reason as CorralError).reason;
    if (typeof bad === 'string') expect(offending).toMatchObject({ type: bad });
    else expect(offending).toEqual(bad);
    expect(trace.terminated).toEqual([{ reason, state: 's' }]);
    expect(logger.at('error')).toHaveLength(1);
    expect(logger.at('error')[0]?.meta).toMatchObject({ pid, reason });
  });

  it('a call whose handleCall returns garbage rejects exit with the badReturnValue error as reason', async () => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, { init: () => ok(null), handleCall: () => 42 as never });
    const error = await GenServer.call(pid, 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'exit' });
    expect((error as CorralError).reason).toMatchObject({ code: 'badReturnValue', reason: 42 });
  });

  it('a call to a server without handleCall, or a cast to one without handleCast, crashes it', async () => {
    for (const send of [(pid: Pid) => void GenServer.call(pid, 'q').catch(() => undefined), (pid: Pid) => GenServer.cast(pid, 'c')]) {
      const pid = await GenServer.start(node, { init: () => ok(null) }, undefined);
      const exit = node.awaitExit(pid);
      send(pid);
      expect(await exit).toBeInstanceOf(Error);
    }
  });
});
