// The GenServer process: handleInfo, continue, the inactivity timeout and hibernation.
import {
  GenServer, createNode, isExitMessage, noreply, ok, reply,   type ExitMessage, type GenServerImpl, type Node,
} from '@corral/actor';
import {
  createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger, type SimulatedClock,
} from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTrace, startTraced, traced, type Trace } from './traced.js';

let node: Node;
let clock: SimulatedClock;
let logger: RecordingLogger;

beforeEach(() => {
  clock = createSimulatedClock();
  logger = createRecordingLogger();
  node = createNode({ clock, logger });
});

afterEach(() => node.stop());


describe('handleInfo', () => {
  it('gets every message that is not a call, cast or stop, including lookalikes of the internal envelopes', async () => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, {
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
    const pid = await startTraced(node, trace, { init: () => ok('kept') });
    node.send(pid, { stray: 1 });
    expect(await GenServer.call(pid, 'state')).toBe('kept');
    expect(logger.at('warn')).toHaveLength(1);
    expect(logger.at('warn')[0]?.meta).toEqual({ pid, msg: { stray: 1 } });
    expect(logger.at('error')).toEqual([]);
  });

  it('a server that traps exits gets the EXIT of a linked process that is not its parent', async () => {
    const trace = newTrace();
    const pid = await startTraced(node, trace, {
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
    const pid = await startTraced<number>(node, trace, {
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
    const pid = await startTraced(node, trace, { init: () => ok(null), handleCast: (_msg, s) => noreply(s, { continue: 'x' }) });
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
    const pid = await startTraced<Big>(node, trace, {
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
    const pid = await startTraced<number>(node, trace, {
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
