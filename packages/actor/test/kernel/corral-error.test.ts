// Bad arguments throw one error class with a machine code, never a bare string, and never take the node down.
import {
  CorralError, createNode, ErrorCodes, isCorralError, type ErrorCode, type Node, type Pid, type ProcessContext,
  type ProcessHandler, type Ref,
} from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let node: Node;
let logger: RecordingLogger;

beforeEach(() => {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger });
});

afterEach(() => node.stop());

/** What `fn` throws synchronously (or what the promise it returns rejects with). */
async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  return 'nothing thrown';
}

/** What `act` throws when called inside a fresh process (which catches it and returns normally). */
async function caughtInProcess(act: (ctx: ProcessContext) => unknown): Promise<unknown> {
  let error: unknown = 'nothing thrown';
  const pid = node.spawn(async (ctx) => {
    error = await caught(() => act(ctx));
  });
  expect(await node.awaitExit(pid)).toBe('normal');
  return error;
}

/** Asserts `error` is a CorralError with `code` and the code's text, then that the node still runs processes. */
async function expectCorralError(error: unknown, code: ErrorCode): Promise<void> {
  expect(error).toBeInstanceOf(CorralError);
  expect(error).toBeInstanceOf(Error);
  expect(isCorralError(error, code)).toBe(true);
  expect((error as CorralError).name).toBe('CorralError');
  expect((error as CorralError).message.startsWith(ErrorCodes[code])).toBe(true);
  let reply: unknown;
  const echo = node.spawn(async (ctx) => {
    const msg = (await ctx.receive()) as { from: Pid };
    ctx.send(msg.from, 'alive');
  });
  const asker = node.spawn(async (ctx) => {
    ctx.send(echo, { from: ctx.self });
    reply = await ctx.receive();
  });
  expect(await node.awaitExit(asker)).toBe('normal');
  expect(reply).toBe('alive');
}

async function livePid(): Promise<Pid> {
  const pid = node.spawn(async (ctx) => {
    await ctx.receive((m) => m === 'never');
  });
  await runUntilIdle(node);
  return pid;
}

describe('CorralError', () => {
  it('carries a code from the table, a message that starts with the code\'s text, and an optional cause', () => {
    const cause = new Error('underneath');
    const error = new CorralError('badPid', 'detail', { cause });
    expect(error.code).toBe('badPid');
    expect(error.message).toBe(`${ErrorCodes.badPid}: detail`);
    expect(error.cause).toBe(cause);
    expect(new CorralError('badRef').message).toBe(ErrorCodes.badRef);
    expect(isCorralError(error)).toBe(true);
    expect(isCorralError(error, 'badRef')).toBe(false);
    expect(isCorralError(new Error('plain'))).toBe(false);
  });
});

describe('bad destinations', () => {
  it('node.send to a number or an object throws badDestination', async () => {
    await expectCorralError(await caught(() => node.send(42 as unknown as Pid, 'x')), 'badDestination');
    await expectCorralError(await caught(() => node.send({ id: 1 } as unknown as Pid, 'x')), 'badDestination');
  });

  it('ctx.send to a number throws badDestination in the sender, which can catch it', async () => {
    await expectCorralError(await caughtInProcess((ctx) => ctx.send(7 as unknown as Pid, 'x')), 'badDestination');
  });

  it('an uncaught bad argument crashes only the calling process, with the CorralError as its reason', async () => {
    const bystander = await livePid();
    const pid = node.spawn((ctx) => ctx.send(null as unknown as Pid, 'x'));
    const reason = await node.awaitExit(pid);
    expect(node.isAlive(bystander)).toBe(true);
    expect(logger.at('error')).toHaveLength(1);
    await expectCorralError(reason, 'badDestination');
  });

  it('sendAfter to a number throws badDestination', async () => {
    await expectCorralError(await caught(() => node.sendAfter(10, 3 as unknown as Pid, 'x')), 'badDestination');
  });
});

describe('bad timeouts', () => {
  it('receive with a negative or NaN timeout throws badTimeout', async () => {
    await expectCorralError(await caughtInProcess((ctx) => ctx.receive(undefined, { timeout: -1 })), 'badTimeout');
    await expectCorralError(await caughtInProcess((ctx) => ctx.receive(undefined, { timeout: Number.NaN })), 'badTimeout');
  });

  it('sendAfter with a negative or NaN delay throws badTimeout and starts no timer', async () => {
    const pid = await livePid();
    await expectCorralError(await caught(() => node.sendAfter(-5, pid, 'x')), 'badTimeout');
    await expectCorralError(await caughtInProcess((ctx) => ctx.sendAfter(Number.NaN, pid, 'x')), 'badTimeout');
    expect(node.stats().timers).toBe(0);
  });
});

describe('bad pids and refs', () => {
  it('link and unlink with a non-pid throw badPid', async () => {
    await expectCorralError(await caughtInProcess((ctx) => ctx.link(1 as unknown as Pid)), 'badPid');
    await expectCorralError(await caughtInProcess((ctx) => ctx.link({ id: 1 } as unknown as Pid)), 'badPid');
    await expectCorralError(await caughtInProcess((ctx) => ctx.unlink('x' as unknown as Pid)), 'badPid');
    await expectCorralError(await caughtInProcess((ctx) => ctx.link(undefined as unknown as Pid)), 'badPid');
  });

  it('monitor with a non-pid throws badPid', async () => {
    await expectCorralError(await caughtInProcess((ctx) => ctx.monitor(1 as unknown as Pid)), 'badPid');
    await expectCorralError(await caughtInProcess((ctx) => ctx.monitor({} as unknown as Pid)), 'badPid');
    await expectCorralError(await caughtInProcess((ctx) => ctx.monitor(undefined as unknown as Pid)), 'badPid');
  });

  it('monitor of a name nobody holds throws unknownName', async () => {
    await expectCorralError(await caughtInProcess((ctx) => ctx.monitor('nobody')), 'unknownName');
  });

  it('exit with a non-pid target throws badPid', async () => {
    await expectCorralError(await caught(() => node.exit(5 as unknown as Pid, 'kill')), 'badPid');
  });

  it('demonitor and cancelTimer with a non-ref throw badRef', async () => {
    await expectCorralError(await caughtInProcess((ctx) => ctx.demonitor('ref' as unknown as Ref)), 'badRef');
    await expectCorralError(await caught(() => node.cancelTimer(1 as unknown as Ref)), 'badRef');
  });
});

describe('bad names, functions and handlers', () => {
  it('registering a name already taken throws nameTaken', async () => {
    node.spawn(async (ctx) => {
      await ctx.receive();
    }, { name: 'taken' });
    const other = await livePid();
    await expectCorralError(await caught(() => node.register('taken', other)), 'nameTaken');
  });

  it('an empty or non-string name throws badName', async () => {
    const pid = await livePid();
    await expectCorralError(await caught(() => node.register('', pid)), 'badName');
    await expectCorralError(await caught(() => node.spawn(() => {}, { name: 3 as unknown as string })), 'badName');
  });

  it('spawn with a body that is not a function throws badFunction', async () => {
    await expectCorralError(await caught(() => node.spawn('body' as unknown as () => void)), 'badFunction');
  });

  it('spawnHandler with a bad handler object throws badHandler and starts nothing', async () => {
    const before = node.processes().length;
    const bad: unknown[] = [null, 42, {}, { init: () => 0 }, { init: 1, handleMessage: () => 0 },
      { init: () => 0, handleMessage: () => 0, terminate: 'no' }];
    for (const handler of bad) {
      await expectCorralError(await caught(() => node.spawnHandler(handler as ProcessHandler)), 'badHandler');
    }
    expect(node.processes()).toHaveLength(before);
  });

  it('a receive pattern that is not a function throws badMatch', async () => {
    const notAPattern = 'x' as unknown as (msg: unknown) => boolean;
    await expectCorralError(await caughtInProcess((ctx) => ctx.receive(notAPattern)), 'badMatch');
  });
});

describe('bad node options', () => {
  it('createNode with a non-positive budget or an empty name throws badOption', async () => {
    await expectCorralError(await caught(() => createNode({ budget: 0 })), 'badOption');
    await expectCorralError(await caught(() => createNode({ slice: 1.5 })), 'badOption');
    await expectCorralError(await caught(() => createNode({ name: '' })), 'badOption');
  });

  it('spawn with link outside a process throws badOption', async () => {
    await expectCorralError(await caught(() => node.spawn(() => {}, { link: true })), 'badOption');
  });
});
