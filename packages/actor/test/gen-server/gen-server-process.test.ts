// The GenServer process: handleInfo, continue, the inactivity timeout, hibernation, stop results, terminate and bad returns.
import {
  CorralError, GenServer, createNode, isExitMessage, noreply, ok, reply, stop,
  type ExitMessage, type ExitReason, type GenServerImpl, type InfoResult, type Node, type Pid, type ServerPid,
} from '@corral/actor';
import {
  createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger, type SimulatedClock,
} from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

/** What a traced server saw, in order, and what its terminate got. */
interface Trace {
  events: unknown[];
  terminated: Array<{ reason: ExitReason; state: unknown }>;
}

const newTrace = (): Trace => ({ events: [], terminated: [] });

/** The callbacks every traced server shares: record terminate; handleCall answers `'state'` with the state. */
function traced<S>(trace: Trace, impl: Omit<GenServerImpl<S, void, unknown, unknown, unknown>, 'terminate'>): GenServerImpl<S, void, unknown, unknown, unknown> {
  return {
    handleCall: (req, _from, state) => reply(req === 'state' ? state : null, state),
    ...impl,
    terminate: (reason, state) => {
      trace.terminated.push({ reason, state });
    },
  };
}

async function startTraced<S>(trace: Trace, impl: Omit<GenServerImpl<S, void, unknown, unknown, unknown>, 'terminate'>): Promise<ServerPid> {
  return GenServer.start(node, traced(trace, impl), undefined);
}

describe('handleInfo', () => {
  it('gets every message that is not a call, cast or stop, including lookalikes of the internal envelopes', async () => {
    const trace = newTrace();
    const pid = await startTraced(trace, {
      init: () => ok(0),
      handleInfo: (msg, n) => {
        trace.events.push(msg);
        return noreply(n + 1);
      },
    });
    const lookalikes = ['hello', { type: 'EXIT', from: pid, reason: 'x' }, { request: 'get', from: {} }, { msg: 'cast?' }];
    for (const msg of lookalikes) node.send(pid, msg);
    expect(await GenServer.call(pid, 'state')).toBe(4);
    expect(trace.events).toEqual(lookalikes);
  });

  it('without handleInfo, an unexpected message is logged as a warning and the server keeps its state and runs on', async () => {
    const trace = newTrace();
    const pid = await startTraced(trace, { init: () => ok('kept') });
    node.send(pid, { stray: 1 });
    expect(await GenServer.call(pid, 'state')).toBe('kept');
    expect(logger.at('warn')).toHaveLength(1);
    expect(logger.at('warn')[0]?.meta).toEqual({ pid, msg: { stray: 1 } });
    expect(logger.at('error')).toEqual([]);
  });

  it('a server that traps exits gets the EXIT of a linked process that is not its parent', async () => {
    const trace = newTrace();
    const pid = await startTraced(trace, {
      init: (_args, ctx) => {
        ctx.trapExit(true);
        ctx.spawnLink(async (c) => c.exit('child done'));
        return ok(null);
      },
      handleInfo: (msg, state) => {
        trace.events.push(msg);
        return noreply(state);
      },
    });
    await runUntilIdle(node);
    expect(trace.events).toHaveLength(1);
    expect(isExitMessage(trace.events[0])).toBe(true);
    expect((trace.events[0] as ExitMessage).reason).toBe('child done');
    expect(node.isAlive(pid)).toBe(true);
    expect(trace.terminated).toEqual([]);
  });
});

describe('handleContinue', () => {
  it("init's continue runs before any message, even one sent before init ran", async () => {
    const trace = newTrace();
    const starting = GenServer.start(node, traced<string>(trace, {
      init: () => {
        trace.events.push('init');
        return ok('fresh', { continue: 'load' });
      },
      handleContinue: (arg, state) => {
        trace.events.push(`continue:${String(arg)}`);
        return noreply(`${state}+loaded`);
      },
      handleInfo: (msg, state) => {
        trace.events.push(`info:${String(msg)} in ${state}`);
        return noreply(state);
      },
    }), undefined, { name: 'loader' });
    node.send('loader', 'early');
    await starting;
    await runUntilIdle(node);
    expect(trace.events).toEqual(['init', 'continue:load', 'info:early in fresh+loaded']);
  });

  it('a reply with continue answers the call, then continues (in a chain) before the next queued message', async () => {
    const trace = newTrace();
    const pid = await startTraced<number>(trace, {
      init: () => ok(0),
      handleCall: (req, _from, n) => {
        trace.events.push(`call:${String(req)}`);
        return reply('done', n, { continue: 1 });
      },
      handleContinue: (step, n) => {
        trace.events.push(`continue:${String(step)}`);
        return step === 1 ? noreply(n + 1, { continue: 2 }) : noreply(n + 10);
      },
      handleCast: (msg, n) => {
        trace.events.push(`cast:${String(msg)} at ${n}`);
        return noreply(n);
      },
    });
    const answer = GenServer.call(pid, 'go');
    GenServer.cast(pid, 'next');
    expect(await answer).toBe('done');
    await runUntilIdle(node);
    expect(trace.events).toEqual(['call:go', 'continue:1', 'continue:2', 'cast:next at 11']);
  });

  it('a continue without handleContinue crashes the server', async () => {
    const trace = newTrace();
    const pid = await startTraced(trace, { init: () => ok(null), handleCast: (_msg, s) => noreply(s, { continue: 'x' }) });
    const exit = node.awaitExit(pid);
    GenServer.cast(pid, 'go');
    const reason = await exit;
    expect(reason).toBeInstanceOf(Error);
    expect(String((reason as Error).message)).toContain('handleContinue');
    expect(trace.terminated).toEqual([{ reason, state: null }]);
  });
});

describe('the timeout option', () => {
  /** A server that records each `'timeout'` with the clock's time; casts re-arm the timeout only when they say how long. */
  function sleeper(trace: Trace, initTimeout: number): GenServerImpl<null, void, unknown, unknown, unknown> {
    return traced(trace, {
      init: () => ok(null, { timeout: initTimeout }),
      handleCast: (msg, s) => (typeof msg === 'number' ? noreply(s, { timeout: msg }) : noreply(s)),
      handleInfo: (msg, s) => {
        trace.events.push(`${String(msg)}@${clock.now()}`);
        return noreply(s);
      },
    });
  }

  it("sends 'timeout' to handleInfo after exactly the ms of inactivity, once", async () => {
    const trace = newTrace();
    await GenServer.start(node, sleeper(trace, 100), undefined);
    clock.advance(99);
    await runUntilIdle(node);
    expect(trace.events).toEqual([]);
    clock.advance(1);
    await runUntilIdle(node);
    expect(trace.events).toEqual(['timeout@100']);
    clock.advance(1000);
    await runUntilIdle(node);
    expect(trace.events).toEqual(['timeout@100']);
  });

  it('any message before it cancels it, and a result without timeout does not arm a new one', async () => {
    const trace = newTrace();
    const pid = await GenServer.start(node, sleeper(trace, 100), undefined);
    clock.advance(50);
    GenServer.cast(pid, 'plain');
    await runUntilIdle(node);
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    await runUntilIdle(node);
    expect(trace.events).toEqual([]);
  });

  it('a message that arrives while it is armed restarts the count when its result sets a timeout again', async () => {
    const trace = newTrace();
    const pid = await GenServer.start(node, sleeper(trace, 100), undefined);
    clock.advance(60);
    GenServer.cast(pid, 100);
    await runUntilIdle(node);
    clock.advance(99);
    await runUntilIdle(node);
    expect(trace.events).toEqual([]);
    clock.advance(1);
    await runUntilIdle(node);
    expect(trace.events).toEqual(['timeout@160']);
  });

  it('a message already queued when the timeout fires cancels it', async () => {
    const trace = newTrace();
    const pid = await GenServer.start(node, sleeper(trace, 100), undefined);
    // The cast is queued first; the timer fires before the server runs again.
    GenServer.cast(pid, 'plain');
    clock.advance(100);
    await runUntilIdle(node);
    expect(trace.events).toEqual([]);
    expect(node.isAlive(pid)).toBe(true);
  });
});

describe('the hibernate option', () => {
  type Big = { rows: Array<{ id: number; name: string }>; tags: Set<string> };
  const bigState = (): Big => ({ rows: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `row ${i}` })), tags: new Set(['a', 'b']) });

  it("hibernates the server after the callback; the next call wakes it with its state, and it stays awake after", async () => {
    const trace = newTrace();
    const pid = await startTraced<Big>(trace, {
      init: () => ok(bigState()),
      handleCast: (_msg, s) => noreply(s, { hibernate: true }),
    });
    expect(node.processInfo(pid)?.status).toBe('waiting');
    GenServer.cast(pid, 'sleep');
    await runUntilIdle(node);
    expect(node.processInfo(pid)).toMatchObject({ status: 'hibernated', messageQueueLen: 0 });
    expect(node.stats().hibernated).toBe(1);
    expect(await GenServer.call(pid, 'state')).toEqual(bigState());
    expect(node.processInfo(pid)?.status).toBe('waiting');
  });

  it('init can hibernate the server at once, and a reply can too', async () => {
    const trace = newTrace();
    const pid = await startTraced<number>(trace, {
      init: () => ok(1, { hibernate: true }),
      handleCall: (_req, _from, n) => reply(n, n + 1, { hibernate: true }),
    });
    await runUntilIdle(node);
    expect(node.processInfo(pid)?.status).toBe('hibernated');
    expect(await GenServer.call(pid, 'n')).toBe(1);
    await runUntilIdle(node);
    expect(node.processInfo(pid)?.status).toBe('hibernated');
    expect(await GenServer.call(pid, 'n')).toBe(2);
  });
});

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
    const pid = await startTraced(trace, { init: () => ok(null), handleCall: (_req, _from, s) => stop('shutdown', s) });
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
    const pid = await startTraced(trace, impl(trace));
    const exit = node.awaitExit(pid);
    trigger(pid);
    expect(await exit).toEqual({ shutdown: 'cast' });
    expect(trace.terminated).toEqual([{ reason: { shutdown: 'cast' }, state: 's0+1' }]);
    expect(logger.entries).toEqual([]);
  });

  it('an abnormal stop reason is logged as an error with the last message', async () => {
    const trace = newTrace();
    const pid = await startTraced(trace, { init: () => ok(null), handleCast: (_m, s) => stop('gave up', s) });
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
    const pid = await startTraced(trace, { init: () => ok(null) });
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
    const pid = await startTraced(trace, {
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
    const pid = await startTraced(trace, {
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
    const pid = await startTraced<Pid>(trace, {
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
    const pid = await startTraced(trace, impl);
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
    const pid = await startTraced(trace, { init: () => ok(null), handleCall: () => 42 as never });
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
