// GenServer.call, cast and reply: replies, typed failures (noproc, timeout, exit), late replies dropped, deferred replies.
import {
  CorralError, GenServer, TIMEOUT, createNode, noreply, ok, reply,
  type From, type GenServerImpl, type Node, type Pid, type ServerPid,
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

type CounterCall = 'get' | { add: number };

/** A counter: calls read or add, the cast `'reset'` zeroes it. */
const counter: GenServerImpl<number, number, CounterCall, 'reset', number> = {
  init: (start) => ok(start),
  handleCall: (req, _from, n) => (req === 'get' ? reply(n, n) : reply(n + req.add, n + req.add)),
  handleCast: (_msg, _n) => noreply(0),
};

type HoldCall = 'ask' | 'crash' | 'count';
type HoldCast = { release: unknown } | 'sleep';

/**
 * A server that answers `'ask'` later: it keeps each From in its state (hibernating when told to)
 * and answers them all on a `{ release }` cast; `'crash'` throws.
 */
function holder(crash: unknown = new Error('holder crashed')): GenServerImpl<{ waiting: From[]; sleepy: boolean }, void, HoldCall, HoldCast> {
  return {
    init: () => ok({ waiting: [], sleepy: false }),
    handleCall: (req, from, state) => {
      if (req === 'crash') throw crash;
      if (req === 'count') return reply(state.waiting.length, state);
      return noreply({ ...state, waiting: [...state.waiting, from] }, { hibernate: state.sleepy });
    },
    handleCast: (msg, state) => {
      if (msg === 'sleep') return noreply({ ...state, sleepy: true });
      for (const from of state.waiting) GenServer.reply(from, msg.release);
      return noreply({ ...state, waiting: [] }, { hibernate: state.sleepy });
    },
  };
}

describe('GenServer.call', () => {
  it('resolves with what handleCall replied, the state threaded from call to call', async () => {
    const pid = await GenServer.start(node, counter, 10);
    expect(await GenServer.call(pid, { add: 5 })).toBe(15);
    expect(await GenServer.call(pid, { add: 1 })).toBe(16);
    expect(await GenServer.call(pid, 'get')).toBe(16);
  });

  it('works from inside an async body, which keeps receiving its own messages meanwhile', async () => {
    const pid = await GenServer.start(node, counter, 1);
    const { pid: caller, result } = inProcess(node, async (ctx) => {
      const answer = await GenServer.call(pid, { add: 1 });
      const mine = await ctx.receive();
      return { answer, mine };
    });
    node.send(caller, 'mine');
    expect(await result).toEqual({ answer: 2, mine: 'mine' });
  });

  it('works from a GenServer callback that handles the promise instead of blocking', async () => {
    const target = await GenServer.start(node, counter, 41);
    const relayed: unknown[] = [];
    const relay = await GenServer.start(node, {
      init: () => ok(null),
      handleCast: (_msg: 'go', state) => {
        void GenServer.call(target, { add: 1 }).then((n) => relayed.push(n));
        return noreply(state);
      },
    }, undefined);
    GenServer.cast(relay, 'go');
    await runUntilIdle(node);
    expect(relayed).toEqual([42]);
  });

  it('reaches a server by { node, name }', async () => {
    await GenServer.start(node, counter, 3, { name: 'counter' });
    expect(await GenServer.call({ node, name: 'counter' }, 'get')).toBe(3);
  });

  it('gives handleCall a From whose ref is unique to each call', async () => {
    const froms: From[] = [];
    const pid = await GenServer.start(node, {
      init: () => ok(null),
      handleCall: (_req: 'who', from, state) => {
        froms.push(from);
        return reply(null, state);
      },
    }, undefined);
    await GenServer.call(pid, 'who');
    await GenServer.call(pid, 'who');
    expect(froms).toHaveLength(2);
    expect(froms[0]?.ref).not.toBe(froms[1]?.ref);
  });

  it('rejects noproc at once for a dead pid', async () => {
    const pid = await GenServer.start(node, counter, 0);
    await GenServer.stop(pid);
    const error = await GenServer.call(pid, 'get').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorralError);
    expect(error).toMatchObject({ code: 'noproc', reason: 'noproc' });
    expect(clock.pending).toBe(0);
  });

  it('rejects noproc at once for a name nobody registered', async () => {
    await expect(GenServer.call({ node, name: 'nobody' }, 'get')).rejects.toMatchObject({ code: 'noproc' });
    expect(clock.pending).toBe(0);
  });

  it('rejects timeout after exactly the timeout when the server does not reply, and the server lives on', async () => {
    const pid = await GenServer.start(node, holder(), undefined);
    const call = watch(GenServer.call(pid, 'ask', 100));
    await runUntilIdle(node);
    clock.advance(99);
    await runUntilIdle(node);
    expect(call()).toEqual({ state: 'pending' });
    clock.advance(1);
    await runUntilIdle(node);
    const outcome = call();
    expect(outcome).toMatchObject({ state: 'rejected', error: { code: 'timeout', reason: 'timeout' } });
    expect((outcome as { error: unknown }).error).toBeInstanceOf(CorralError);
    expect(node.isAlive(pid)).toBe(true);
  });

  it('times out after 5000 ms by default', async () => {
    const pid = await GenServer.start(node, holder(), undefined);
    const call = watch(GenServer.call(pid, 'ask'));
    await runUntilIdle(node);
    clock.advance(4999);
    await runUntilIdle(node);
    expect(call().state).toBe('pending');
    clock.advance(1);
    await runUntilIdle(node);
    expect(call()).toMatchObject({ state: 'rejected', error: { code: 'timeout' } });
  });

  it('with timeout Infinity arms no timer and waits for the deferred reply', async () => {
    const pid = await GenServer.start(node, holder(), undefined);
    const call = GenServer.call(pid, 'ask', Infinity);
    expect(clock.pending).toBe(0);
    await runUntilIdle(node);
    GenServer.cast(pid, { release: 'at last' });
    expect(await call).toBe('at last');
  });

  it("drops a reply that comes after the timeout: it never lands in the caller's mailbox", async () => {
    const server = await GenServer.start(node, holder(), undefined);
    const { pid: caller, result } = inProcess(node, async (ctx) => {
      const error = await GenServer.call(server, 'ask', 100).catch((e: unknown) => e);
      await ctx.receive((m) => m === 'check');
      const leftover = await ctx.receive(undefined, { timeout: 0 });
      return { error, leftover };
    });
    await runUntilIdle(node);
    clock.advance(100);
    await runUntilIdle(node);
    // The server answers the caller that gave up.
    expect(await GenServer.call(server, 'count')).toBe(1);
    GenServer.cast(server, { release: 'too late' });
    expect(await GenServer.call(server, 'count')).toBe(0);
    expect(node.processInfo(caller)?.messageQueueLen).toBe(0);
    node.send(caller, 'check');
    const { error, leftover } = await result;
    expect(error).toMatchObject({ code: 'timeout' });
    expect(leftover).toBe(TIMEOUT);
  });

  it("rejects exit with the crash value as reason when the server crashes during the call", async () => {
    const crash = { oops: 'bad request' };
    const pid = await GenServer.start(node, holder(crash), undefined);
    const exit = node.awaitExit(pid);
    const error = await GenServer.call(pid, 'crash').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorralError);
    expect(error).toMatchObject({ code: 'exit', reason: crash });
    expect(await exit).toBe(crash);
    expect(clock.pending).toBe(0);
  });

  it("rejects exit with reason 'killed' when the server is killed while the caller waits", async () => {
    const pid = await GenServer.start(node, holder(), undefined);
    const call = watch(GenServer.call(pid, 'ask'));
    await runUntilIdle(node);
    node.exit(pid, 'kill');
    await runUntilIdle(node);
    expect(call()).toMatchObject({ state: 'rejected', error: { code: 'exit', reason: 'killed' } });
  });

  it('a settled call leaves no timer nor alias behind, whether it was answered or timed out', async () => {
    const pid = await GenServer.start(node, holder(), undefined);
    expect(await GenServer.call(pid, 'count')).toBe(0);
    const timedOut = GenServer.call(pid, 'ask', 10).catch((e: CorralError) => e.code);
    await runUntilIdle(node);
    clock.advance(10);
    expect(await timedOut).toBe('timeout');
    expect(clock.pending).toBe(0);
    expect(node.runtime.aliases.size).toBe(0);
  });

  it('throws badTimeout for a negative or non-numeric timeout, and badDestination for what is not a server', async () => {
    const pid = await GenServer.start(node, counter, 0);
    expect(() => GenServer.call(pid, 'get', -1)).toThrow(expect.objectContaining({ code: 'badTimeout' }));
    expect(() => GenServer.call(pid, 'get', Number.NaN)).toThrow(expect.objectContaining({ code: 'badTimeout' }));
    expect(() => GenServer.call('counter' as unknown as Pid, 'get')).toThrow(expect.objectContaining({ code: 'badDestination' }));
  });
});

describe('GenServer.reply', () => {
  it('answers a call that handleCall left with noreply, once the server decides', async () => {
    const pid = await GenServer.start(node, holder(), undefined);
    const first = watch(GenServer.call(pid, 'ask'));
    const second = watch(GenServer.call(pid, 'ask'));
    await runUntilIdle(node);
    expect([first().state, second().state]).toEqual(['pending', 'pending']);
    GenServer.cast(pid, { release: 'both' });
    await runUntilIdle(node);
    expect([first(), second()]).toEqual([{ state: 'resolved', value: 'both' }, { state: 'resolved', value: 'both' }]);
  });

  it('answers through a From kept in the state across a hibernation', async () => {
    const pid = await GenServer.start(node, holder(), undefined);
    GenServer.cast(pid, 'sleep');
    const call = watch(GenServer.call(pid, 'ask'));
    await runUntilIdle(node);
    expect(node.processInfo(pid)?.status).toBe('hibernated');
    GenServer.cast(pid, { release: { woke: true } });
    await runUntilIdle(node);
    expect(call()).toEqual({ state: 'resolved', value: { woke: true } });
    expect(node.processInfo(pid)?.status).toBe('hibernated');
  });

  it('is harmless a second time, after the caller gave up, or from outside any process', async () => {
    let kept: From | undefined;
    const pid = await GenServer.start(node, {
      init: () => ok(null),
      handleCall: (_req: 'ask', from, state) => {
        kept = from;
        return noreply(state);
      },
    }, undefined);
    const call = GenServer.call(pid, 'ask');
    await runUntilIdle(node);
    GenServer.reply(kept as From, 1);
    GenServer.reply(kept as From, 2);
    expect(await call).toBe(1);
    expect(logger.entries).toEqual([]);
  });

  it('throws badRef for something that is not a From', () => {
    expect(() => GenServer.reply({ pid: node.rootPid, ref: 'r' } as unknown as From, 1)).toThrow(expect.objectContaining({ code: 'badRef' }));
    expect(() => GenServer.reply(null as unknown as From, 1)).toThrow(expect.objectContaining({ code: 'badRef' }));
  });
});

describe('GenServer.cast', () => {
  it('returns at once; handleCast gets the message and its state change is seen by later calls', async () => {
    const pid = await GenServer.start(node, counter, 7);
    expect(GenServer.cast(pid, 'reset')).toBeUndefined();
    expect(await GenServer.call(pid, 'get')).toBe(0);
  });

  it('reaches a server by { node, name }', async () => {
    const pid = await GenServer.start(node, counter, 7, { name: 'counter' });
    GenServer.cast({ node, name: 'counter' }, 'reset');
    expect(await GenServer.call(pid, 'get')).toBe(0);
  });

  it('to a dead pid or a free name is silently dropped', async () => {
    const pid = await GenServer.start(node, counter, 0);
    await GenServer.stop(pid);
    expect(() => GenServer.cast(pid, 'reset')).not.toThrow();
    expect(() => GenServer.cast({ node, name: 'nobody' }, 'reset')).not.toThrow();
    await runUntilIdle(node);
    expect(logger.entries).toEqual([]);
  });

  it('casts and calls from one sender are handled in the order they were sent', async () => {
    const pid = await GenServer.start(node, counter, 5);
    const before = GenServer.call(pid, { add: 1 });
    GenServer.cast(pid, 'reset');
    const after = GenServer.call(pid, { add: 1 });
    expect([await before, await after]).toEqual([6, 1]);
  });
});

describe('typed servers', () => {
  it('check requests, casts and replies against the callbacks at compile time', async () => {
    const pid: ServerPid<CounterCall, 'reset', number> = await GenServer.start(node, counter, 0);
    const n: number = await GenServer.call(pid, { add: 2 });
    expect(n).toBe(2);
    const misuses = [
      // @ts-expect-error: not a request of the counter
      () => GenServer.call(pid, 'wrong'),
      // @ts-expect-error: add takes a number
      () => GenServer.call(pid, { add: '1' }),
      // @ts-expect-error: not a cast of the counter
      () => GenServer.cast(pid, 'clear'),
      async () => {
        // @ts-expect-error: the counter replies numbers
        const s: string = await GenServer.call(pid, 'get');
        return s;
      },
    ];
    const held = await GenServer.start(node, holder(), undefined);
    // @ts-expect-error: a request type made of string literals is checked too
    misuses.push(() => GenServer.call(held, 'tell'));
    expect(misuses).toHaveLength(5);
    // A plain pid or a name carries no types: anything goes, and the reply is unknown.
    const untyped: unknown = await GenServer.call({ node, name: 'nobody' }, 'anything').catch((e: CorralError) => e.code);
    expect(untyped).toBe('noproc');
  });
});
