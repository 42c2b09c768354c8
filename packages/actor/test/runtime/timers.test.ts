// sendAfter timers: delivered once at their deadline, cancellable, readable, dropped with their pid, names resolved late.
import { CorralError, createNode, isRef, type Node, type Pid, type ProcessContext, type Ref } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type SimulatedClock } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';

let node: Node;
let clock: SimulatedClock;

function start(logger = createRecordingLogger()): Node {
  clock = createSimulatedClock();
  node = createNode({ clock, logger });
  return node;
}

afterEach(() => node.stop());

/** A process that appends every message it receives to `into`, forever. */
function spawnCollector(into: unknown[], name?: string): Pid {
  return node.spawn(async (ctx) => {
    for (;;) into.push(await ctx.receive());
  }, { name });
}

async function advance(ms: number): Promise<void> {
  clock.advance(ms);
  await runUntilIdle(node);
}

/** A handler that runs `fn(ctx, msg)` for each message and keeps what it returns in `into`. */
function spawnProbe(into: unknown[], fn: (ctx: ProcessContext, msg: unknown) => unknown): Pid {
  return node.spawnHandler<null>({
    init: () => null,
    handleMessage: (msg, state, ctx) => {
      into.push(fn(ctx, msg));
      return state;
    },
  });
}

describe('sendAfter', () => {
  it('delivers the message once, exactly ms later on the clock, not before', async () => {
    start();
    const got: unknown[] = [];
    const pid = spawnCollector(got);
    await runUntilIdle(node);
    const ref = node.sendAfter(100, pid, 'tick');
    expect(isRef(ref)).toBe(true);
    await advance(99);
    expect(got).toEqual([]);
    await advance(1);
    expect(got).toEqual(['tick']);
    await advance(10_000);
    expect(got).toEqual(['tick']);
    expect(node.stats().timers).toBe(0);
  });

  it('delivers a 0 ms timer on the next advance, not synchronously', async () => {
    start();
    const got: unknown[] = [];
    const pid = spawnCollector(got);
    node.sendAfter(0, pid, 'now');
    await runUntilIdle(node);
    expect(got).toEqual([]);
    await advance(0);
    expect(got).toEqual(['now']);
  });

  it('delivers several timers in deadline order, whatever order they were started in', async () => {
    start();
    const got: unknown[] = [];
    const pid = spawnCollector(got);
    node.sendAfter(30, pid, 'c');
    node.sendAfter(10, pid, 'a');
    node.sendAfter(20, pid, 'b');
    await advance(30);
    expect(got).toEqual(['a', 'b', 'c']);
  });

  it('works from inside a process, to itself, and counts from when it was started', async () => {
    start();
    const got: unknown[] = [];
    node.spawn(async (ctx) => {
      ctx.sendAfter(50, ctx.self, 'wake');
      got.push(await ctx.receive(), ctx.readTimer(ctx.makeRef()));
    });
    await runUntilIdle(node);
    await advance(20);
    expect(got).toEqual([]);
    await advance(30);
    expect(got).toEqual(['wake', false]);
  });

  it('refuses a negative, NaN or infinite delay and a destination that is neither a pid nor a name', () => {
    start();
    const pid = spawnCollector([]);
    for (const ms of [-1, Number.NaN, Infinity]) {
      expect(() => node.sendAfter(ms, pid, 'x')).toThrow(expect.objectContaining({ code: 'badTimeout' }));
    }
    expect(() => node.sendAfter(10, 42 as unknown as Pid, 'x')).toThrow(CorralError);
    expect(node.stats().timers).toBe(0);
  });
});

describe('cancelTimer and readTimer', () => {
  it('cancelTimer returns the ms that were left and the message never arrives', async () => {
    start();
    const got: unknown[] = [];
    const pid = spawnCollector(got);
    const ref = node.sendAfter(100, pid, 'tick');
    await advance(30);
    expect(node.cancelTimer(ref)).toBe(70);
    expect(node.stats().timers).toBe(0);
    await advance(1000);
    expect(got).toEqual([]);
  });

  it('cancelTimer returns false once the timer has fired', async () => {
    start();
    const got: unknown[] = [];
    const ref = node.sendAfter(10, spawnCollector(got), 'tick');
    await advance(10);
    expect(got).toEqual(['tick']);
    expect(node.cancelTimer(ref)).toBe(false);
  });

  it('cancelTimer returns false when the timer was already cancelled', () => {
    start();
    const ref = node.sendAfter(10, spawnCollector([]), 'tick');
    expect(node.cancelTimer(ref)).toBe(10);
    expect(node.cancelTimer(ref)).toBe(false);
  });

  it('cancelTimer returns false for a ref that was never a timer and throws for a non-ref', () => {
    start();
    expect(node.cancelTimer(node.makeRef())).toBe(false);
    expect(() => node.cancelTimer('ref' as unknown as Ref)).toThrow(expect.objectContaining({ code: 'badRef' }));
  });

  it('readTimer returns the ms left without cancelling, then false once fired', async () => {
    start();
    const got: unknown[] = [];
    const target = spawnCollector(got);
    const ref = node.sendAfter(100, target, 'tick');
    const reads: unknown[] = [];
    const reader = spawnProbe(reads, (ctx, msg) => ctx.readTimer(msg as Ref));
    node.send(reader, ref);
    await runUntilIdle(node);
    await advance(40);
    node.send(reader, ref);
    await runUntilIdle(node);
    await advance(60);
    node.send(reader, ref);
    await runUntilIdle(node);
    expect(reads).toEqual([100, 60, false]);
    expect(got).toEqual(['tick']);
  });

  it('a process can cancel its own timer and learn the ms that were left', async () => {
    start();
    const results: unknown[] = [];
    const pid = spawnProbe(results, (ctx, msg) => {
      if (msg === 'start') return ctx.sendAfter(500, ctx.self, 'fired');
      return isRef(msg) ? ctx.cancelTimer(msg) : msg;
    });
    node.send(pid, 'start');
    await runUntilIdle(node);
    await advance(200);
    node.send(pid, results[0]);
    await runUntilIdle(node);
    await advance(1000);
    expect(isRef(results[0])).toBe(true);
    expect(results.slice(1)).toEqual([300]);
  });
});

describe('timers and process exit', () => {
  it('drops the timers aimed at a pid when that process dies', () => {
    start();
    const pid = spawnCollector([]);
    const other = spawnCollector([]);
    const ref = node.sendAfter(100, pid, 'a');
    node.sendAfter(200, pid, 'b');
    node.sendAfter(100, other, 'c');
    expect(node.stats().timers).toBe(3);
    node.exit(pid, 'kill');
    expect(node.stats().timers).toBe(1);
    expect(clock.pending).toBe(1);
    expect(node.cancelTimer(ref)).toBe(false);
  });

  it('returns a harmless ref and starts no timer when the pid is already dead', async () => {
    start();
    const pid = node.spawn(() => {});
    await runUntilIdle(node);
    const ref = node.sendAfter(100, pid, 'late');
    expect(isRef(ref)).toBe(true);
    expect(node.stats().timers).toBe(0);
    expect(node.cancelTimer(ref)).toBe(false);
  });

  it('keeps a timer aimed at a name when the process holding the name dies', () => {
    start();
    const first = spawnCollector([], 'svc');
    node.sendAfter(100, 'svc', 'x');
    node.exit(first, 'kill');
    expect(node.stats().timers).toBe(1);
  });

  it('cancels every timer when the node stops', () => {
    start();
    node.sendAfter(100, spawnCollector([]), 'a');
    node.sendAfter(100, 'nobody', 'b');
    node.stop();
    expect(node.stats().timers).toBe(0);
    expect(clock.pending).toBe(0);
  });
});

describe('sendAfter to a registered name', () => {
  it('resolves the name when the timer fires, not when it starts', async () => {
    start();
    const firstGot: unknown[] = [];
    const secondGot: unknown[] = [];
    const first = spawnCollector(firstGot, 'svc');
    node.sendAfter(100, 'svc', 'hello');
    await advance(50);
    node.exit(first, 'kill');
    spawnCollector(secondGot, 'svc');
    await advance(50);
    expect(firstGot).toEqual([]);
    expect(secondGot).toEqual(['hello']);
  });

  it('accepts a name nobody holds yet and delivers to whoever holds it at the deadline', async () => {
    start();
    const got: unknown[] = [];
    node.sendAfter(100, 'late', 'hello');
    await advance(60);
    spawnCollector(got, 'late');
    await advance(40);
    expect(got).toEqual(['hello']);
  });

  it('drops the message silently when no process holds the name at the deadline', async () => {
    const logger = createRecordingLogger();
    start(logger);
    node.sendAfter(100, 'nobody', 'hello');
    await advance(100);
    expect(node.stats().timers).toBe(0);
    expect(logger.entries).toEqual([]);
  });
});
