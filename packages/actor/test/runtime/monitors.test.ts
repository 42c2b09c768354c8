// Monitors: one DOWN per monitor with the exit reason, noproc for dead pids, demonitor (with flush), spawnMonitor.
import { createNode, DownMessage, isDownMessage, TIMEOUT, type Node, type Pid, type ProcessBody, type Ref } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let node: Node;

beforeEach(() => {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
});

afterEach(() => node.stop());

/** A body that waits for one message and exits with it as its reason. */
const exitOnMessage: ProcessBody = async (ctx) => {
  const reason = await ctx.receive();
  if (reason instanceof Error) throw reason;
  ctx.exit(reason);
};

/** Spawns a watcher that runs `setup`, then records every message it receives. */
function spawnWatcher(setup: (ctx: Parameters<ProcessBody>[0]) => void, into: unknown[]): Pid {
  return node.spawn(async (ctx) => {
    setup(ctx);
    for (;;) into.push(await ctx.receive());
  });
}

describe('DOWN messages', () => {
  it('a monitor delivers exactly one DOWN with the ref, the pid and the exit reason, and the watcher lives on', async () => {
    const boom = new Error('boom');
    const target = node.spawn(exitOnMessage);
    let ref: Ref | undefined;
    const got: unknown[] = [];
    const watcher = spawnWatcher((ctx) => {
      ref = ctx.monitor(target);
    }, got);
    await runUntilIdle(node);
    node.send(target, boom);
    await runUntilIdle(node);
    expect(got).toHaveLength(1);
    const down = got[0];
    expect(down).toBeInstanceOf(DownMessage);
    expect(isDownMessage(down, ref)).toBe(true);
    expect(down).toMatchObject({ type: 'DOWN', ref, pid: target, reason: boom });
    expect(node.isAlive(watcher)).toBe(true);
  });

  it('a normal exit is reported too, with reason normal', async () => {
    const target = node.spawn(async (ctx) => {
      await ctx.receive();
    });
    const got: unknown[] = [];
    spawnWatcher((ctx) => ctx.monitor(target), got);
    await runUntilIdle(node);
    node.send(target, 'go');
    await runUntilIdle(node);
    expect(got).toMatchObject([{ pid: target, reason: 'normal' }]);
  });

  it('two monitors on one process give two DOWN messages, one per ref', async () => {
    const target = node.spawn(exitOnMessage);
    const refs: Ref[] = [];
    const got: unknown[] = [];
    spawnWatcher((ctx) => {
      refs.push(ctx.monitor(target), ctx.monitor(target));
    }, got);
    await runUntilIdle(node);
    node.send(target, 'shutdown');
    await runUntilIdle(node);
    expect(refs[0]).not.toBe(refs[1]);
    expect(got).toHaveLength(2);
    expect(got.filter((m) => isDownMessage(m, refs[0]))).toHaveLength(1);
    expect(got.filter((m) => isDownMessage(m, refs[1]))).toHaveLength(1);
    expect(got.every((m) => isDownMessage(m) && m.reason === 'shutdown')).toBe(true);
  });

  it('monitoring a dead pid delivers DOWN noproc at once', async () => {
    const dead = node.spawn(() => {});
    await runUntilIdle(node);
    let msg: unknown;
    let ref: Ref | undefined;
    const pid = node.spawn(async (ctx) => {
      ref = ctx.monitor(dead);
      msg = await ctx.receive(undefined, { timeout: 0 });
    });
    expect(await node.awaitExit(pid)).toBe('normal');
    expect(isDownMessage(msg, ref)).toBe(true);
    expect(msg).toMatchObject({ pid: dead, reason: 'noproc' });
  });

  it('a monitor is one-way: the watcher dying neither kills the target nor sends it anything', async () => {
    const got: unknown[] = [];
    const target = spawnWatcher(() => {}, got);
    const watcher = node.spawn(async (ctx) => {
      ctx.monitor(target);
      await ctx.receive();
      ctx.exit('watcher quit');
    });
    await runUntilIdle(node);
    node.send(watcher, 'go');
    await runUntilIdle(node);
    expect(node.isAlive(target)).toBe(true);
    expect(got).toEqual([]);
  });

  it('messages the target sent before it exited arrive before its DOWN', async () => {
    const got: unknown[] = [];
    let child: Pid | undefined;
    node.spawn(async (ctx) => {
      const parent = ctx.self;
      child = ctx.spawnMonitor(async (c) => {
        await c.receive();
        for (let i = 0; i < 3; i++) c.send(parent, i);
        throw new Error('done');
      }).pid;
      for (;;) got.push(await ctx.receive());
    });
    await runUntilIdle(node);
    node.send(child as Pid, 'go');
    await runUntilIdle(node);
    expect(got.slice(0, 3)).toEqual([0, 1, 2]);
    expect(got).toHaveLength(4);
    expect(isDownMessage(got[3])).toBe(true);
  });

  it('a user message shaped like a DOWN is not a DownMessage', () => {
    const ref = node.makeRef();
    expect(isDownMessage({ type: 'DOWN', ref, pid: node.rootPid, reason: 'x' }, ref)).toBe(false);
  });
});

describe('demonitor', () => {
  it('returns true for an active monitor and false once removed, and no DOWN arrives after it', async () => {
    const target = node.spawn(exitOnMessage);
    const results: boolean[] = [];
    const got: unknown[] = [];
    spawnWatcher((ctx) => {
      const ref = ctx.monitor(target);
      results.push(ctx.demonitor(ref), ctx.demonitor(ref));
    }, got);
    await runUntilIdle(node);
    node.send(target, 'fatal');
    await runUntilIdle(node);
    expect(results).toEqual([true, false]);
    expect(got).toEqual([]);
  });

  it('returns false for a monitor that already fired, and with flush removes its DOWN from the mailbox', async () => {
    const target = node.spawn(exitOnMessage);
    const results: unknown[] = [];
    const watcher = node.spawn(async (ctx) => {
      const ref = ctx.monitor(target);
      ctx.send(target, 'fatal');
      await ctx.receive((m) => m === 'target is gone');
      results.push(ctx.demonitor(ref, { flush: true }));
      results.push(await ctx.receive(undefined, { timeout: 0 }));
    });
    await runUntilIdle(node);
    expect(node.isAlive(target)).toBe(false);
    node.send(watcher, 'target is gone');
    expect(await node.awaitExit(watcher)).toBe('normal');
    expect(results).toEqual([false, TIMEOUT]);
  });

  it('without flush, a DOWN already delivered stays in the mailbox', async () => {
    const target = node.spawn(exitOnMessage);
    let ref: Ref | undefined;
    let msg: unknown;
    const watcher = node.spawn(async (ctx) => {
      ref = ctx.monitor(target);
      ctx.send(target, 'fatal');
      await ctx.receive((m) => m === 'target is gone');
      ctx.demonitor(ref);
      msg = await ctx.receive(undefined, { timeout: 0 });
    });
    await runUntilIdle(node);
    node.send(watcher, 'target is gone');
    expect(await node.awaitExit(watcher)).toBe('normal');
    expect(isDownMessage(msg, ref)).toBe(true);
  });

  it('flush removes only the DOWN of that monitor', async () => {
    const target = node.spawn(exitOnMessage);
    const got: unknown[] = [];
    const watcher = node.spawn(async (ctx) => {
      const flushed = ctx.monitor(target);
      const kept = ctx.monitor(target);
      ctx.send(target, 'fatal');
      await ctx.receive((m) => m === 'target is gone');
      ctx.demonitor(flushed, { flush: true });
      const rest = await ctx.receive(undefined, { timeout: 0 });
      got.push(isDownMessage(rest, kept));
    });
    await runUntilIdle(node);
    node.send(watcher, 'target is gone');
    expect(await node.awaitExit(watcher)).toBe('normal');
    expect(got).toEqual([true]);
  });
});

describe('demonitor with flush in a process with few messages', () => {
  it('works in a process that has never received a message', async () => {
    const target = node.spawn(exitOnMessage);
    const results: unknown[] = [];
    const watcher = node.spawn((ctx) => {
      const ref = ctx.monitor(target);
      results.push(ctx.demonitor(ref, { flush: true }), ctx.demonitor(ref, { flush: true }));
    });
    const handler = node.spawnHandler({
      init: (ctx) => {
        results.push(ctx.demonitor(ctx.monitor(target), { flush: true }));
        return null;
      },
      handleMessage: (_m, s: null) => s,
    });
    expect(await node.awaitExit(watcher)).toBe('normal');
    await runUntilIdle(node);
    expect(results).toEqual([true, false, true]);
    expect(node.processInfo(handler)?.messageQueueLen).toBe(0);
  });

  it('removes the DOWN that a handler process holds as its only waiting message', async () => {
    const target = node.spawn(exitOnMessage);
    const got: unknown[] = [];
    const results: unknown[] = [];
    const handler = node.spawnHandler<Ref | null>({
      init: (ctx) => ctx.monitor(target),
      handleMessage: (msg, ref, ctx) => {
        got.push(msg);
        if (msg !== 'kill it' || ref === null) return ref;
        ctx.exit(target, 'kill');
        results.push(node.processInfo(ctx.self)?.messageQueueLen, ctx.demonitor(ref, { flush: true }));
        results.push(node.processInfo(ctx.self)?.messageQueueLen);
        return null;
      },
    });
    await runUntilIdle(node);
    node.send(handler, 'kill it');
    await runUntilIdle(node);
    expect(node.isAlive(target)).toBe(false);
    expect(results).toEqual([1, false, 0]);
    expect(got).toEqual(['kill it']);
  });

  it('keeps the one waiting message of a handler process when it is not that DOWN', async () => {
    const target = node.spawn(exitOnMessage);
    const got: unknown[] = [];
    const results: unknown[] = [];
    const handler = node.spawnHandler<Ref | null>({
      init: (ctx) => ctx.monitor(target),
      handleMessage: (msg, ref, ctx) => {
        got.push(msg);
        if (msg !== 'demonitor' || ref === null) return ref;
        ctx.send(ctx.self, 'still here');
        results.push(ctx.demonitor(ref, { flush: true }), node.processInfo(ctx.self)?.messageQueueLen);
        return null;
      },
    });
    await runUntilIdle(node);
    node.send(handler, 'demonitor');
    await runUntilIdle(node);
    node.send(target, 'fatal');
    await runUntilIdle(node);
    expect(results).toEqual([true, 1]);
    expect(got).toEqual(['demonitor', 'still here']);
  });
});

describe('spawnMonitor', () => {
  it('spawns a process and monitors it: its exit arrives as the DOWN of the returned ref', async () => {
    let spawned: { pid: Pid; ref: Ref } | undefined;
    let msg: unknown;
    const parent = node.spawn(async (ctx) => {
      spawned = ctx.spawnMonitor(() => {
        throw new Error('child crashed');
      });
      msg = await ctx.receive();
    });
    expect(await node.awaitExit(parent)).toBe('normal');
    expect(spawned).toBeDefined();
    expect(isDownMessage(msg, spawned?.ref)).toBe(true);
    expect(msg).toMatchObject({ pid: spawned?.pid, reason: new Error('child crashed') });
  });
});

describe('monitoring { name, node } of this node', () => {
  it('names { name, node } in the DOWN, as Erlang does for monitor(process, {Name, Node})', async () => {
    const target = node.spawn(exitOnMessage, { name: 'kv' });
    let ref: Ref | undefined;
    const got: unknown[] = [];
    spawnWatcher((ctx) => {
      ref = ctx.monitor({ name: 'kv', node: node.name });
    }, got);
    await runUntilIdle(node);
    node.send(target, 'bye');
    await runUntilIdle(node);
    expect(got).toEqual([{ type: 'DOWN', ref, pid: { name: 'kv', node: node.name }, reason: 'bye' }]);
  });

  it('delivers DOWN noproc naming it when the name is free (a bare name throws unknownName instead)', async () => {
    let ref: Ref | undefined;
    const got: unknown[] = [];
    spawnWatcher((ctx) => {
      ref = ctx.monitor({ name: 'nobody', node: node.name });
    }, got);
    await runUntilIdle(node);
    expect(got).toEqual([{ type: 'DOWN', ref, pid: { name: 'nobody', node: node.name }, reason: 'noproc' }]);
  });

  it('demonitors a monitor set on a name', async () => {
    const target = node.spawn(exitOnMessage, { name: 'kv' });
    const answers: boolean[] = [];
    const got: unknown[] = [];
    spawnWatcher((ctx) => {
      const ref = ctx.monitor({ name: 'kv', node: node.name });
      answers.push(ctx.demonitor(ref), ctx.demonitor(ref));
    }, got);
    await runUntilIdle(node);
    node.send(target, 'bye');
    await runUntilIdle(node);
    expect(answers).toEqual([true, false]);
    expect(got).toEqual([]);
  });

  it('delivers DOWN noconnection naming it for a name on another node when this node has no transport', async () => {
    let ref: Ref | undefined;
    const got: unknown[] = [];
    spawnWatcher((ctx) => {
      ref = ctx.monitor({ name: 'kv', node: 'elsewhere@host' });
    }, got);
    await runUntilIdle(node);
    expect(got).toEqual([{ type: 'DOWN', ref, pid: { name: 'kv', node: 'elsewhere@host' }, reason: 'noconnection' }]);
  });
});
