// Messaging: per-pair send order, sends to dead pids and unknown names, selective receive and receive timeouts.
import { CorralError, createNode, TIMEOUT, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type SimulatedClock } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';

let node: Node;
let clock: SimulatedClock;

function start(budget?: number): Node {
  clock = createSimulatedClock();
  node = createNode({ clock, logger: createRecordingLogger(), budget });
  return node;
}

afterEach(() => node.stop());

/** A process that appends every message it receives to `into`, forever. */
function spawnCollector(into: unknown[]): Pid {
  return node.spawn(async (ctx) => {
    for (;;) into.push(await ctx.receive());
  });
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('send order', () => {
  it('delivers many messages from one process to another in the order they were sent', async () => {
    start(7);
    const got: unknown[] = [];
    const receiver = spawnCollector(got);
    node.spawn((ctx) => {
      for (let i = 0; i < 2000; i++) ctx.send(receiver, i);
    });
    await runUntilIdle(node);
    expect(got).toEqual(range(2000));
  });

  it('delivers many messages from node.send in the order they were sent, before and after the receiver first runs', async () => {
    start();
    const got: unknown[] = [];
    const receiver = spawnCollector(got);
    for (let i = 0; i < 1000; i++) node.send(receiver, i);
    await runUntilIdle(node);
    for (let i = 1000; i < 2000; i++) node.send(receiver, i);
    await runUntilIdle(node);
    expect(got).toEqual(range(2000));
  });

  it('keeps each sender\'s order when two senders interleave', async () => {
    start(3);
    const got: unknown[] = [];
    const receiver = spawnCollector(got);
    for (const tag of ['a', 'b']) {
      node.spawn(async (ctx) => {
        for (let i = 0; i < 500; i++) {
          ctx.send(receiver, `${tag}${i}`);
          if (i % 50 === 0) await Promise.resolve();
        }
      });
    }
    await runUntilIdle(node);
    expect(got).toHaveLength(1000);
    expect(got.filter((m) => String(m).startsWith('a'))).toEqual(range(500).map((i) => `a${i}`));
    expect(got.filter((m) => String(m).startsWith('b'))).toEqual(range(500).map((i) => `b${i}`));
  });
});

describe('send to self', () => {
  it('a process receives what it sends to itself, in order', async () => {
    start();
    const got: unknown[] = [];
    const pid = node.spawn(async (ctx) => {
      for (let i = 0; i < 3; i++) ctx.send(ctx.self, i);
      for (let i = 0; i < 3; i++) got.push(await ctx.receive());
    });
    expect(await node.awaitExit(pid)).toBe('normal');
    expect(got).toEqual([0, 1, 2]);
  });
});

describe('send to dead pids and names', () => {
  it('sending to a dead pid is a silent no-op, from outside and from a process', async () => {
    start();
    const dead = node.spawn(() => {});
    expect(await node.awaitExit(dead)).toBe('normal');
    expect(() => node.send(dead, 'hello')).not.toThrow();
    const sender = node.spawn((ctx) => {
      ctx.send(dead, 'hello');
      ctx.send(dead, 'again');
    });
    expect(await node.awaitExit(sender)).toBe('normal');
  });

  it('sending to a name nobody holds throws CorralError unknownName', () => {
    start();
    let error: unknown;
    try {
      node.send('nobody', 'hello');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorralError);
    expect((error as CorralError).code).toBe('unknownName');
  });
});

describe('selective receive', () => {
  it('takes the first matching message and leaves the others in their order for later receives', async () => {
    start();
    const got: unknown[] = [];
    const pid = node.spawn(async (ctx) => {
      got.push(await ctx.receive((m) => typeof m === 'string' && m.startsWith('b')));
      got.push(await ctx.receive((m) => typeof m === 'string' && m.startsWith('b')));
      for (let i = 0; i < 3; i++) got.push(await ctx.receive());
    });
    for (const m of ['a1', 'b1', 'a2', 'b2', 'c1']) node.send(pid, m);
    expect(await node.awaitExit(pid)).toBe('normal');
    expect(got).toEqual(['b1', 'b2', 'a1', 'a2', 'c1']);
  });

  it('waits for a match while skipped messages stay queued, and a later receive sees them before newer ones', async () => {
    start();
    const got: unknown[] = [];
    const pid = node.spawn(async (ctx) => {
      got.push(await ctx.receive((m) => m === 'wanted'));
      for (let i = 0; i < 4; i++) got.push(await ctx.receive());
    });
    node.send(pid, 'old1');
    node.send(pid, 'old2');
    await runUntilIdle(node);
    expect(got).toEqual([]);
    node.send(pid, 'old3');
    node.send(pid, 'wanted');
    node.send(pid, 'new1');
    expect(await node.awaitExit(pid)).toBe('normal');
    expect(got).toEqual(['wanted', 'old1', 'old2', 'old3', 'new1']);
  });

  it('finds a match deep in a long mailbox without reordering the rest', async () => {
    start(5);
    const got: unknown[] = [];
    const pid = node.spawn(async (ctx) => {
      await ctx.receive((m) => m === 'go');
      got.push(await ctx.receive((m) => m === 'needle'));
      for (;;) got.push(await ctx.receive());
    });
    for (let i = 0; i < 300; i++) node.send(pid, i);
    node.send(pid, 'needle');
    node.send(pid, 'go');
    await runUntilIdle(node);
    expect(got).toEqual(['needle', ...range(300)]);
  });
});

describe('receive timeouts', () => {
  it('resolves TIMEOUT once the timeout elapses on the clock with no matching message, keeping unmatched ones', async () => {
    start();
    const got: unknown[] = [];
    const pid = node.spawn(async (ctx) => {
      got.push(await ctx.receive((m) => m === 'never', { timeout: 100 }));
      got.push(await ctx.receive());
    });
    const exit = node.awaitExit(pid);
    await runUntilIdle(node);
    node.send(pid, 'other');
    clock.advance(99);
    await runUntilIdle(node);
    expect(got).toEqual([]);
    clock.advance(1);
    await runUntilIdle(node);
    expect(got).toEqual([TIMEOUT, 'other']);
    expect(await exit).toBe('normal');
  });

  it('returns a message that arrives before the deadline and cancels its timer', async () => {
    start();
    const got: unknown[] = [];
    const pid = node.spawn(async (ctx) => {
      got.push(await ctx.receive(undefined, { timeout: 1000 }));
      got.push(await ctx.receive(undefined, { timeout: 1000 }));
    });
    await runUntilIdle(node);
    clock.advance(500);
    node.send(pid, 'in time');
    await runUntilIdle(node);
    expect(got).toEqual(['in time']);
    clock.advance(999);
    await runUntilIdle(node);
    expect(got).toEqual(['in time']);
    clock.advance(1);
    await runUntilIdle(node);
    expect(got).toEqual(['in time', TIMEOUT]);
    expect(clock.pending).toBe(0);
    expect(node.isAlive(pid)).toBe(false);
  });

  it('timeout 0 polls: it returns a waiting message, else TIMEOUT at once without the clock moving', async () => {
    start();
    const got: unknown[] = [];
    const pid = node.spawn(async (ctx) => {
      got.push(await ctx.receive(undefined, { timeout: 0 }));
      got.push(await ctx.receive((m) => m === 'absent', { timeout: 0 }));
      got.push(await ctx.receive(undefined, { timeout: 0 }));
      got.push(await ctx.receive(undefined, { timeout: 0 }));
    });
    node.send(pid, 'first');
    node.send(pid, 'second');
    expect(await node.awaitExit(pid)).toBe('normal');
    expect(got).toEqual(['first', TIMEOUT, 'second', TIMEOUT]);
    expect(clock.now()).toBe(0);
  });
});
