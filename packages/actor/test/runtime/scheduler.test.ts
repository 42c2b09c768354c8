// Fairness: a storm of a million messages drains while other processes and the event loop keep running.
import { createNode, isPid, type Node, type Pid, type ProcessContext } from '@corral/actor';
import { createRecordingLogger, runUntilIdle } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';

const STORM = 1_000_000;

let node: Node;

afterEach(() => node.stop());

/** What was observed while a storm drained. */
interface Observed {
  /** The flooded receiver's messagesHandled when a real setTimeout(0) callback ran. */
  atTimer: number | undefined;
  /** The flooded receiver's messagesHandled when an unrelated process got its message. */
  atBystander: number | undefined;
}

function handled(pid: Pid): number {
  return node.processInfo(pid)?.messagesHandled ?? STORM;
}

/**
 * Spawns a bystander process, and returns a function that arms a real setTimeout(0) whose callback
 * records the receiver's progress and then sends the bystander a message, after the storm started.
 */
function watch(observed: Observed, receiver: () => Pid): () => void {
  const bystander = node.spawnHandler<null>({
    init: () => null,
    handleMessage: (_msg, state) => {
      observed.atBystander = handled(receiver());
      return state;
    },
  });
  return () => {
    setTimeout(() => {
      observed.atTimer = handled(receiver());
      node.send(bystander, 'are you there?');
    }, 0);
  };
}

/** An async body that receives `STORM` numbers and checks they come in order. */
async function receiveAll(ctx: ProcessContext, result: { inOrder: boolean; count: number }): Promise<void> {
  for (let i = 0; i < STORM; i++) {
    if ((await ctx.receive()) !== i) result.inOrder = false;
    result.count++;
  }
}

function expectFair(observed: Observed): void {
  expect(observed.atTimer).toBeDefined();
  expect(observed.atTimer).toBeGreaterThan(0);
  expect(observed.atTimer).toBeLessThan(STORM);
  expect(observed.atBystander).toBeDefined();
  expect(observed.atBystander).toBeLessThan(STORM);
}

describe('the scheduler under a message storm', () => {
  it('lets a real timer and another process run while a callback-driven receiver drains a million messages, in order', async () => {
    node = createNode({ logger: createRecordingLogger() });
    const observed: Observed = { atTimer: undefined, atBystander: undefined };
    const result = { inOrder: true, count: 0 };
    const receiver = node.spawnHandler<number>({
      init: () => 0,
      handleMessage: (msg, expected, ctx) => {
        if (msg !== expected) result.inOrder = false;
        result.count++;
        if (expected + 1 === STORM) ctx.exit('normal');
        return expected + 1;
      },
    });
    const arm = watch(observed, () => receiver);
    node.spawn((ctx) => {
      for (let i = 0; i < STORM; i++) ctx.send(receiver, i);
      arm();
    });
    expect(await node.awaitExit(receiver)).toBe('normal');
    expectFair(observed);
    expect(result).toEqual({ inOrder: true, count: STORM });
  });

  it('lets a real timer and another process run while an async-body receiver drains a million messages, in order', async () => {
    node = createNode({ logger: createRecordingLogger() });
    const observed: Observed = { atTimer: undefined, atBystander: undefined };
    const result = { inOrder: true, count: 0 };
    const receiver = node.spawn((ctx) => receiveAll(ctx, result));
    const arm = watch(observed, () => receiver);
    node.spawn((ctx) => {
      for (let i = 0; i < STORM; i++) ctx.send(receiver, i);
      arm();
    });
    expect(await node.awaitExit(receiver)).toBe('normal');
    expectFair(observed);
    expect(result).toEqual({ inOrder: true, count: STORM });
  });

  it('lets a real timer and another process run while a process drains a million messages it sent itself, in order', async () => {
    node = createNode({ logger: createRecordingLogger() });
    const observed: Observed = { atTimer: undefined, atBystander: undefined };
    const result = { inOrder: true, count: 0 };
    const box: { self?: Pid } = {};
    const arm = watch(observed, () => box.self as Pid);
    box.self = node.spawn(async (ctx) => {
      for (let i = 0; i < STORM; i++) ctx.send(ctx.self, i);
      arm();
      await receiveAll(ctx, result);
    });
    expect(await node.awaitExit(box.self)).toBe('normal');
    expectFair(observed);
    expect(result).toEqual({ inOrder: true, count: STORM });
  });

  it('runs every runnable process in turn: a process queued behind a flooded one gets its message handled after one budget', async () => {
    node = createNode({ logger: createRecordingLogger(), budget: 10 });
    const order: string[] = [];
    const flooded = node.spawnHandler<null>({
      init: () => null,
      handleMessage: (_m, s) => {
        order.push('flooded');
        return s;
      },
    });
    const other = node.spawnHandler<null>({
      init: () => null,
      handleMessage: (_m, s) => {
        order.push('other');
        return s;
      },
    });
    await runUntilIdle(node);
    for (let i = 0; i < 100; i++) node.send(flooded, i);
    node.send(other, 'hi');
    await runUntilIdle(node);
    expect(order.indexOf('other')).toBe(10);
    expect(order.filter((o) => o === 'flooded')).toHaveLength(100);
  });

  it('handles the message each of many callbacks of one event-loop turn brings before the next callback runs, past the slice', async () => {
    node = createNode({ logger: createRecordingLogger(), slice: 100 });
    let last = -1;
    const pid = node.spawnHandler<null>({
      init: () => null,
      handleMessage: (msg, s) => {
        last = msg as number;
        return s;
      },
    });
    await runUntilIdle(node);
    const heldBack: number[] = [];
    await new Promise<void>((resolve) => {
      // Timers due together run in one timers phase, with the microtasks after each callback: like a burst of I/O callbacks.
      for (let i = 0; i < 1_000; i++) {
        setTimeout(() => {
          if (last !== i - 1) heldBack.push(i);
          node.send(pid, i);
          if (i === 999) resolve();
        }, 0);
      }
    });
    await runUntilIdle(node);
    expect(heldBack).toEqual([]);
    expect(last).toBe(999);
  });

  it('lets a real timer run while two async bodies pass a message back and forth, though each drain leaves the scheduler idle', async () => {
    node = createNode({ logger: createRecordingLogger() });
    const ROUNDS = 200_000;
    let exchanged = 0;
    let atTimer: number | undefined;
    let finish = (): void => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const body = async (ctx: ProcessContext): Promise<void> => {
      const peer = await ctx.receive(isPid);
      for (;;) {
        const left = (await ctx.receive()) as number;
        exchanged++;
        if (left === 0) return finish();
        ctx.send(peer, left - 1);
      }
    };
    const a = node.spawn(body);
    const b = node.spawn(body);
    node.send(a, b);
    node.send(b, a);
    await runUntilIdle(node);
    setTimeout(() => {
      atTimer = exchanged;
    }, 0);
    node.send(a, ROUNDS);
    await finished;
    expect(exchanged).toBe(ROUNDS + 1);
    expect(atTimer).toBeDefined();
    expect(atTimer).toBeLessThan(ROUNDS);
  });
});
