// Registered names: unique per node, one per process, freed on exit; spawn { name }, send and monitor by name.
import { CorralError, createNode, isDownMessage, type ErrorCode, type Node, type ProcessBody } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let node: Node;

beforeEach(() => {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
});

afterEach(() => node.stop());

/** A body that waits for one message, then returns. */
const waitOnce: ProcessBody = async (ctx) => {
  await ctx.receive();
};

function codeOf(fn: () => unknown): ErrorCode | 'no error' | 'not a CorralError' {
  try {
    fn();
  } catch (error) {
    return error instanceof CorralError ? error.code : 'not a CorralError';
  }
  return 'no error';
}

describe('register and whereis', () => {
  it('a registered name resolves to its process with whereis, from outside and inside processes', async () => {
    const pid = node.spawn(waitOnce);
    node.register('worker', pid);
    let seen: unknown;
    node.spawn((ctx) => {
      seen = ctx.whereis('worker');
    });
    await runUntilIdle(node);
    expect(node.whereis('worker')).toBe(pid);
    expect(seen).toBe(pid);
    expect(node.registered()).toEqual(['worker']);
  });

  it('whereis of a name nobody holds is undefined', () => {
    expect(node.whereis('nobody')).toBeUndefined();
  });

  it('a name is unique: registering a second process under it throws nameTaken and keeps the first', () => {
    const first = node.spawn(waitOnce);
    const second = node.spawn(waitOnce);
    node.register('worker', first);
    expect(codeOf(() => node.register('worker', second))).toBe('nameTaken');
    expect(node.whereis('worker')).toBe(first);
  });

  it('a process holds only one name: registering it under a second throws alreadyRegistered', () => {
    const pid = node.spawn(waitOnce);
    node.register('one', pid);
    expect(codeOf(() => node.register('two', pid))).toBe('alreadyRegistered');
    expect(node.whereis('two')).toBeUndefined();
    expect(node.registered()).toEqual(['one']);
  });

  it('a process registers itself with ctx.register, and a second ctx.register crashes it with alreadyRegistered', async () => {
    const pid = node.spawn((ctx) => {
      ctx.register('me');
      ctx.register('me again');
    });
    const reason = await node.awaitExit(pid);
    expect(reason).toBeInstanceOf(CorralError);
    expect((reason as CorralError).code).toBe('alreadyRegistered');
  });

  it('registering a dead pid throws notAlive', async () => {
    const pid = node.spawn(() => {});
    await runUntilIdle(node);
    expect(codeOf(() => node.register('ghost', pid))).toBe('notAlive');
    expect(node.whereis('ghost')).toBeUndefined();
  });
});

describe('names and exits', () => {
  it('a name is freed when its process exits and can then be taken by another', async () => {
    const first = node.spawn(waitOnce, { name: 'worker' });
    const exit = node.awaitExit(first);
    node.send('worker', 'stop');
    await exit;
    expect(node.whereis('worker')).toBeUndefined();
    expect(node.registered()).toEqual([]);
    const second = node.spawn(waitOnce, { name: 'worker' });
    expect(node.whereis('worker')).toBe(second);
  });

  it('a name is freed when its process crashes', async () => {
    const pid = node.spawn(() => {
      throw new Error('crash');
    }, { name: 'fragile' });
    await node.awaitExit(pid);
    expect(node.whereis('fragile')).toBeUndefined();
  });

  it('unregister frees the name while the process lives on; unregister without a name crashes with notRegistered', async () => {
    const results: unknown[] = [];
    const pid = node.spawn(async (ctx) => {
      ctx.register('temp');
      results.push(ctx.whereis('temp') === ctx.self);
      ctx.unregister();
      results.push(ctx.whereis('temp'));
      await ctx.receive();
      ctx.unregister();
    });
    await runUntilIdle(node);
    expect(node.isAlive(pid)).toBe(true);
    expect(results).toEqual([true, undefined]);
    const exit = node.awaitExit(pid);
    node.send(pid, 'go');
    expect(await exit).toMatchObject({ code: 'notRegistered' });
  });
});

describe('spawn with a name', () => {
  it('registers the process atomically: the name resolves before the process first runs', () => {
    const pid = node.spawn(waitOnce, { name: 'early' });
    expect(node.whereis('early')).toBe(pid);
    expect(node.processInfo(pid)?.registeredName).toBe('early');
  });

  it('with a taken name throws nameTaken and starts no process', async () => {
    const holder = node.spawn(waitOnce, { name: 'taken' });
    let ran = false;
    expect(codeOf(() => node.spawn(() => {
      ran = true;
    }, { name: 'taken' }))).toBe('nameTaken');
    expect(codeOf(() => node.spawnHandler({ init: () => 0, handleMessage: (_m, s) => s }, { name: 'taken' }))).toBe('nameTaken');
    await runUntilIdle(node);
    expect(ran).toBe(false);
    expect(node.processes()).toEqual([holder]);
    expect(node.whereis('taken')).toBe(holder);
  });
});

describe('addressing by name', () => {
  it('send to a registered name delivers to the process holding it', async () => {
    let got: unknown;
    const pid = node.spawn(async (ctx) => {
      got = await ctx.receive();
    }, { name: 'inbox' });
    node.spawn((ctx) => ctx.send('inbox', 'by name'));
    expect(await node.awaitExit(pid)).toBe('normal');
    expect(got).toBe('by name');
  });

  it('monitoring a registered name monitors the process holding it', async () => {
    const target = node.spawn(waitOnce, { name: 'target' });
    let msg: unknown;
    const watcher = node.spawn(async (ctx) => {
      const ref = ctx.monitor('target');
      ctx.send('target', 'stop');
      msg = await ctx.receive((m) => isDownMessage(m, ref));
    });
    expect(await node.awaitExit(watcher)).toBe('normal');
    expect(msg).toMatchObject({ pid: target, reason: 'normal' });
  });
});
