// Hibernation: the state serialized and the mailbox compacted until the next message; what survives, and what is refused.
import { Socket } from 'node:net';
import {
  createNode, hibernate, type Node, type Pid, type ProcessContext, type ProcessHandler, type ProcessInfo, type Ref,
} from '@corral/actor';
import {
  createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger,
} from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';

let node: Node;
let logger: RecordingLogger;

function start(): Node {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger });
  return node;
}

afterEach(() => node.stop());

function info(pid: Pid): ProcessInfo {
  const found = node.processInfo(pid);
  if (found === undefined) throw new Error(`${pid.toString()} is not alive`);
  return found;
}

const never = (m: unknown): boolean => m === 'never';

/** A state worth hibernating: a few hundred small records. */
function bigState(): { rows: Array<{ id: number; name: string }> } {
  return { rows: Array.from({ length: 300 }, (_, i) => ({ id: i, name: `row ${i}` })) };
}

/**
 * Spawns an async body that hibernates with `state`; each time it wakes it records the state it got
 * and the message that woke it, then waits (awake) for `'sleep'` to hibernate again with that state.
 */
function spawnSleeper<S>(state: S, woke: Array<[S, unknown]>): Pid {
  const resume = async (ctx: ProcessContext, s: S): Promise<never> => {
    woke.push([s, await ctx.receive()]);
    await ctx.receive((m) => m === 'sleep');
    return ctx.hibernate(resume, s);
  };
  return node.spawn(async (ctx) => ctx.hibernate(resume, state));
}

describe('an async body returning ctx.hibernate(fn, state)', () => {
  it("reports status 'hibernated' with an empty mailbox and less memory than when awake with the same state", async () => {
    start();
    const woke: Array<[unknown, unknown]> = [];
    const pid = spawnSleeper(bigState(), woke);
    await runUntilIdle(node);
    const asleep = info(pid);
    expect(asleep.status).toBe('hibernated');
    expect(asleep.messageQueueLen).toBe(0);
    expect(node.stats().hibernated).toBe(1);
    node.send(pid, 'wake');
    await runUntilIdle(node);
    const awake = info(pid);
    expect(awake.status).toBe('waiting');
    expect(woke).toHaveLength(1);
    expect(asleep.memory).toBeLessThan(awake.memory);
    node.send(pid, 'sleep');
    await runUntilIdle(node);
    expect(info(pid).status).toBe('hibernated');
    expect(info(pid).memory).toBe(asleep.memory);
  });

  it('wakes on the next message and runs fn(ctx, state) as the new body with a deserialized copy of the state', async () => {
    start();
    const state = { count: 3, names: ['a', 'b'] };
    const woke: Array<[typeof state, unknown]> = [];
    const pid = spawnSleeper(state, woke);
    await runUntilIdle(node);
    expect(woke).toEqual([]);
    node.send(pid, 'wake');
    await runUntilIdle(node);
    expect(woke).toEqual([[{ count: 3, names: ['a', 'b'] }, 'wake']]);
    expect(woke[0]![0]).not.toBe(state);
    expect(node.stats().hibernated).toBe(0);
  });

  it('brings back pids and refs as the same objects, also as Map keys and Set members, and keeps data types and cycles', async () => {
    start();
    const other = node.spawn((ctx) => ctx.receive(never));
    const gone = node.spawn(() => {});
    const ref: Ref = node.makeRef();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const state = {
      other, gone, ref,
      byPid: new Map<Pid, string>([[other, 'x']]),
      peers: new Set<Pid>([other, gone]),
      refs: new Set<Ref>([ref]),
      when: new Date(1_700_000_000_000),
      buf: Buffer.from('bytes'),
      bytes: new Uint8Array([1, 2, 3]),
      big: 2n ** 80n,
      nested: { deep: { list: [1, { two: [2] }] } },
      cyclic,
    };
    const woke: Array<[typeof state, unknown]> = [];
    const pid = spawnSleeper(state, woke);
    await runUntilIdle(node);
    expect(info(pid).status).toBe('hibernated');
    node.send(pid, 'wake');
    await runUntilIdle(node);
    const s = woke[0]![0];
    expect(s).not.toBe(state);
    expect(s.other).toBe(other);
    expect(s.gone).toBe(gone);
    expect(s.ref).toBe(ref);
    expect(s.byPid.get(other)).toBe('x');
    expect(s.peers.has(other) && s.peers.has(gone)).toBe(true);
    expect(s.refs.has(ref)).toBe(true);
    expect(s.when).toBeInstanceOf(Date);
    expect(s.when.getTime()).toBe(1_700_000_000_000);
    expect(Buffer.isBuffer(s.buf)).toBe(true);
    expect(s.buf.toString()).toBe('bytes');
    expect(s.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(s.bytes)).toBe(false);
    expect([...s.bytes]).toEqual([1, 2, 3]);
    expect(s.big).toBe(2n ** 80n);
    expect(s.nested).toEqual({ deep: { list: [1, { two: [2] }] } });
    expect(s.cyclic.self).toBe(s.cyclic);
  });

  it('keeps its own pid === to ctx.self across the round trip', async () => {
    start();
    const selves: Array<[Pid, Pid]> = [];
    const resume = async (ctx: ProcessContext, s: { me: Pid }): Promise<void> => {
      await ctx.receive();
      selves.push([s.me, ctx.self]);
    };
    const pid = node.spawn(async (ctx) => ctx.hibernate(resume, { me: ctx.self }));
    await runUntilIdle(node);
    node.send(pid, 'wake');
    await runUntilIdle(node);
    expect(selves).toEqual([[pid, pid]]);
    expect(selves[0]![0]).toBe(pid);
  });

  it('wakes at once, without serializing, when messages are already in its mailbox', async () => {
    start();
    const got: unknown[] = [];
    const state = { n: 1 };
    const pid = node.spawn(async (ctx) => {
      await ctx.receive((m) => m === 'go');
      return ctx.hibernate(async (c, s: typeof state) => {
        got.push(s, await c.receive());
        await c.receive(never);
      }, state);
    });
    node.send(pid, 'early');
    node.send(pid, 'go');
    await runUntilIdle(node);
    expect(got).toEqual([state, 'early']);
    expect(got[0]).toBe(state);
    expect(info(pid).status).toBe('waiting');
  });

  it('keeps primitive states as they are', async () => {
    start();
    const woke: Array<[unknown, unknown]> = [];
    const pids = [42, 'text', 7n, null, undefined].map((s) => spawnSleeper<unknown>(s, woke));
    await runUntilIdle(node);
    expect(node.stats().hibernated).toBe(5);
    for (const pid of pids) node.send(pid, 'wake');
    await runUntilIdle(node);
    expect(woke.map(([s]) => s)).toEqual([42, 'text', 7n, null, undefined]);
  });
});

class Connection {
  constructor(readonly sock: Socket) {}
}

const unserializable: Array<{ what: string; make: () => unknown }> = [
  { what: 'a function inside the state', make: () => ({ onData: (): void => {} }) },
  { what: 'a function as the state', make: () => (): number => 1 },
  { what: 'a net.Socket inside the state', make: () => ({ sock: new Socket() }) },
  { what: 'a class instance as the state', make: () => new Connection(new Socket()) },
  { what: 'a symbol inside the state', make: () => ({ tag: Symbol('tag') }) },
  { what: 'a symbol as the state', make: () => Symbol('state') },
];

describe('a state that cannot be serialized', () => {
  it.each(unserializable)('$what keeps the process awake with its live state and logs exactly one warning', async ({ make }) => {
    start();
    const state = make();
    const seen: unknown[] = [];
    const resume = async (ctx: ProcessContext, s: unknown): Promise<never> => {
      seen.push(s);
      await ctx.receive();
      return ctx.hibernate(resume, s);
    };
    const pid = node.spawn(async (ctx) => ctx.hibernate(resume, state));
    await runUntilIdle(node);
    for (let i = 0; i < 3; i++) {
      expect(info(pid).status).toBe('waiting');
      node.send(pid, i);
      await runUntilIdle(node);
    }
    expect(seen).toHaveLength(4);
    for (const s of seen) expect(s).toBe(state);
    expect(node.isAlive(pid)).toBe(true);
    expect(node.stats().hibernated).toBe(0);
    expect(logger.at('warn')).toHaveLength(1);
    expect(logger.at('warn')[0]!.message).toContain(pid.toString());
    expect(logger.at('error')).toEqual([]);
  });

  it('names where the unserializable value is in the warning', async () => {
    start();
    const pid = node.spawn(async (ctx) => ctx.hibernate(async (c) => c.receive(never), { conn: { sock: new Socket() } }));
    await runUntilIdle(node);
    expect(node.isAlive(pid)).toBe(true);
    expect(logger.at('warn')[0]!.message).toMatch(/state\.conn\.sock is an instance of Socket/);
  });
});

describe('a handler returning hibernate(state)', () => {
  interface Counter { count: number; owner: Pid; seen: Set<Pid> }

  function counter(owner: Pid, states: Counter[], terminated: unknown[] = []): ProcessHandler<Counter> {
    return {
      init: () => hibernate({ count: 0, owner, seen: new Set([owner]) }),
      handleMessage: (_msg, s) => {
        states.push(s);
        return hibernate({ ...s, count: s.count + 1 });
      },
      terminate: (reason, s) => {
        terminated.push(reason, s);
      },
    };
  }

  it('hibernates, and wakes on the next message with the deserialized state', async () => {
    start();
    const owner = node.spawn((ctx) => ctx.receive(never));
    const states: Counter[] = [];
    const pid = node.spawnHandler(counter(owner, states));
    await runUntilIdle(node);
    expect(info(pid).status).toBe('hibernated');
    expect(info(pid).messageQueueLen).toBe(0);
    node.send(pid, 'tick');
    await runUntilIdle(node);
    node.send(pid, 'tick');
    await runUntilIdle(node);
    expect(states.map((s) => s.count)).toEqual([0, 1]);
    expect(states[1]!.owner).toBe(owner);
    expect(states[1]!.seen.has(owner)).toBe(true);
    expect(states[0]).not.toBe(states[1]);
    expect(info(pid).status).toBe('hibernated');
  });

  it('reports less memory hibernated than awake with the same state', async () => {
    start();
    const asleep = node.spawnHandler({ init: () => hibernate(bigState()), handleMessage: (_m, s: object) => s });
    const awake = node.spawnHandler({ init: () => bigState(), handleMessage: (_m, s: object) => s });
    await runUntilIdle(node);
    expect(info(asleep).status).toBe('hibernated');
    expect(info(awake).status).toBe('waiting');
    expect(info(asleep).memory).toBeLessThan(info(awake).memory);
  });

  it('handles messages already queued at once, handing on the live state, and hibernates after the last one', async () => {
    start();
    const owner = node.spawn((ctx) => ctx.receive(never));
    const states: Counter[] = [];
    const pid = node.spawnHandler(counter(owner, states));
    for (let i = 0; i < 3; i++) node.send(pid, i);
    await runUntilIdle(node);
    expect(states.map((s) => s.count)).toEqual([0, 1, 2]);
    expect(info(pid).status).toBe('hibernated');
  });

  it('stays awake with the same live state and warns once when the state cannot be serialized', async () => {
    start();
    const sock = new Socket();
    const states: unknown[] = [];
    const pid = node.spawnHandler<{ sock: Socket }>({
      init: () => hibernate({ sock }),
      handleMessage: (_m, s) => {
        states.push(s);
        return hibernate(s);
      },
    });
    for (let i = 0; i < 3; i++) {
      await runUntilIdle(node);
      expect(info(pid).status).toBe('waiting');
      node.send(pid, i);
    }
    await runUntilIdle(node);
    expect(states).toHaveLength(3);
    expect(states.every((s) => s === states[0])).toBe(true);
    expect((states[0] as { sock: Socket }).sock).toBe(sock);
    expect(logger.at('warn')).toHaveLength(1);
  });

  it('gives terminate the state when a hibernated handler is killed', async () => {
    start();
    const owner = node.spawn((ctx) => ctx.receive(never));
    const terminated: unknown[] = [];
    const pid = node.spawnHandler(counter(owner, [], terminated));
    await runUntilIdle(node);
    expect(info(pid).status).toBe('hibernated');
    node.exit(pid, 'kill');
    expect(node.isAlive(pid)).toBe(false);
    expect(terminated).toHaveLength(2);
    expect(terminated[0]).toBe('killed');
    const s = terminated[1] as Counter;
    expect(s.count).toBe(0);
    expect(s.owner).toBe(owner);
  });
});
