// processInfo: status, mailbox length, links, monitors, name, counters, kind, trapExit and memory of a live process.
import { createNode, hibernate, type Node, type Pid, type ProcessInfo, type ProcessStatus } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';

let node: Node;

function start(): Node {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
  return node;
}

afterEach(() => node.stop());

function info(pid: Pid): ProcessInfo {
  const found = node.processInfo(pid);
  if (found === undefined) throw new Error(`${pid.toString()} is not alive`);
  return found;
}

/** A process that waits forever for a message nobody sends. */
function spawnIdle(opts?: { name?: string; kind?: string }): Pid {
  return node.spawn((ctx) => ctx.receive((m) => m === 'never'), opts);
}

describe('status', () => {
  it("is 'runnable' between spawn and the process's first run", () => {
    start();
    expect(info(spawnIdle()).status).toBe('runnable');
  });

  it("is 'waiting' for an async body blocked in receive and for a handler with an empty mailbox", async () => {
    start();
    const body = spawnIdle();
    const handler = node.spawnHandler({ init: () => 0, handleMessage: (_m, s: number) => s });
    await runUntilIdle(node);
    expect(info(body).status).toBe('waiting');
    expect(info(handler).status).toBe('waiting');
  });

  it("is 'running' while an async body or a handler callback is executing", async () => {
    start();
    const seen: ProcessStatus[] = [];
    node.spawn(async (ctx) => {
      seen.push(info(ctx.self).status);
      await ctx.receive(undefined, { timeout: 0 });
      seen.push(info(ctx.self).status);
    });
    const handler = node.spawnHandler<null>({
      init: (ctx) => {
        seen.push(info(ctx.self).status);
        return null;
      },
      handleMessage: (_msg, state, ctx) => {
        seen.push(info(ctx.self).status);
        return state;
      },
    });
    node.send(handler, 'hi');
    await runUntilIdle(node);
    expect(seen).toEqual(['running', 'running', 'running', 'running']);
  });

  it("is 'hibernated' once a handler returned hibernate(state)", async () => {
    start();
    const pid = node.spawnHandler({ init: () => hibernate({ n: 1 }), handleMessage: (_m, s: { n: number }) => s });
    await runUntilIdle(node);
    expect(info(pid).status).toBe('hibernated');
  });

  it("is 'exiting' while the terminate callback runs", async () => {
    start();
    const seen: Array<ProcessStatus | undefined> = [];
    const pid = node.spawnHandler<null>({
      init: () => null,
      handleMessage: (_m, s) => s,
      terminate: (_reason, _state, ctx) => {
        seen.push(node.processInfo(ctx.self)?.status);
      },
    });
    await runUntilIdle(node);
    node.exit(pid, 'shutdown');
    expect(seen).toEqual(['exiting']);
    expect(node.processInfo(pid)).toBeUndefined();
  });
});

describe('mailbox and counters', () => {
  it('reports the messages waiting in the mailbox, including those a selective receive skipped', async () => {
    start();
    const pid = node.spawn(async (ctx) => {
      await ctx.receive((m) => m === 'go');
      await ctx.receive((m) => m === 'never');
    });
    await runUntilIdle(node);
    expect(info(pid).messageQueueLen).toBe(0);
    for (const m of ['a', 'b', 'c']) node.send(pid, m);
    await runUntilIdle(node);
    expect(info(pid).messageQueueLen).toBe(3);
    node.send(pid, 'go');
    await runUntilIdle(node);
    expect(info(pid).messageQueueLen).toBe(3);
    expect(info(pid).messagesHandled).toBe(1);
  });

  it('reports one waiting message for a handler process holding exactly one, whatever its length', async () => {
    start();
    const handler = node.spawnHandler({ init: () => null, handleMessage: (_m, s: null) => s });
    await runUntilIdle(node);
    node.send(handler, 'a message of 27 characters');
    expect(info(handler).messageQueueLen).toBe(1);
    node.send(handler, [1, 2, 3]);
    expect(info(handler).messageQueueLen).toBe(2);
    await runUntilIdle(node);
    expect(info(handler).messageQueueLen).toBe(0);
    expect(info(handler).messagesHandled).toBe(2);
  });

  it('counts the messages a handler and an async body have handled', async () => {
    start();
    const handler = node.spawnHandler({ init: () => 0, handleMessage: (_m, n: number) => n + 1 });
    const body = node.spawn(async (ctx) => {
      for (;;) await ctx.receive();
    });
    for (let i = 0; i < 250; i++) {
      node.send(handler, i);
      node.send(body, i);
    }
    await runUntilIdle(node);
    expect(info(handler).messagesHandled).toBe(250);
    expect(info(body).messagesHandled).toBe(250);
    expect(info(handler).messageQueueLen).toBe(0);
  });

  it('tells handlers from async bodies and reports the kind given at spawn', () => {
    start();
    const body = spawnIdle({ kind: 'room' });
    const handler = node.spawnHandler({ init: () => 0, handleMessage: (_m, s: number) => s }, { kind: 'connection' });
    const plain = spawnIdle();
    expect(info(body)).toMatchObject({ behaviour: 'async', kind: 'room' });
    expect(info(handler)).toMatchObject({ behaviour: 'handler', kind: 'connection' });
    expect(info(plain).kind).toBeUndefined();
  });
});

describe('links, monitors, names and flags', () => {
  it('lists the links of both ends of a link', async () => {
    start();
    const children: Pid[] = [];
    const parent = node.spawn(async (ctx) => {
      children.push(ctx.spawnLink((c) => c.receive((m) => m === 'never')));
      await ctx.receive((m) => m === 'never');
    });
    await runUntilIdle(node);
    const child = children[0]!;
    expect(info(parent).links).toEqual([child]);
    expect(info(child).links).toEqual([parent]);
    expect(info(spawnIdle()).links).toEqual([]);
  });

  it('lists what a process monitors and who monitors it, and forgets both once the target exits', async () => {
    start();
    const target = spawnIdle();
    const watcher = node.spawn(async (ctx) => {
      ctx.monitor(target);
      await ctx.receive((m) => m === 'never');
    });
    await runUntilIdle(node);
    expect(info(watcher).monitors).toEqual([target]);
    expect(info(target).monitoredBy).toEqual([watcher]);
    expect(info(target).monitors).toEqual([]);
    node.exit(target, 'kill');
    await runUntilIdle(node);
    expect(info(watcher).monitors).toEqual([]);
  });

  it('reports the registered name, or undefined', async () => {
    start();
    const named = spawnIdle({ name: 'svc' });
    const later = spawnIdle();
    node.register('later', later);
    await runUntilIdle(node);
    expect(info(named).registeredName).toBe('svc');
    expect(info(later).registeredName).toBe('later');
    expect(info(spawnIdle()).registeredName).toBeUndefined();
  });

  it('reports whether the process traps exits', async () => {
    start();
    const trapping = node.spawn(async (ctx) => {
      ctx.trapExit(true);
      await ctx.receive((m) => m === 'never');
    });
    const plain = spawnIdle();
    await runUntilIdle(node);
    expect(info(trapping).trapExit).toBe(true);
    expect(info(plain).trapExit).toBe(false);
  });
});

describe('memory', () => {
  it('estimates more memory for a longer mailbox and a larger state', async () => {
    start();
    const empty = spawnIdle();
    const busy = spawnIdle();
    const small = node.spawnHandler({ init: () => ({ n: 1 }), handleMessage: (_m, s: object) => s });
    const large = node.spawnHandler({
      init: () => ({ rows: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `row ${i}` })) }),
      handleMessage: (_m, s: object) => s,
    });
    await runUntilIdle(node);
    for (let i = 0; i < 1000; i++) node.send(busy, { seq: i, text: 'payload' });
    await runUntilIdle(node);
    expect(info(empty).memory).toBeGreaterThan(0);
    expect(info(busy).memory).toBeGreaterThan(info(empty).memory + 1000 * 8);
    expect(info(large).memory).toBeGreaterThan(info(small).memory + 500 * 24);
  });

  it('counts the one message a handler process holds in its memory', async () => {
    start();
    const handler = node.spawnHandler({ init: () => null, handleMessage: (_m, s: null) => s });
    await runUntilIdle(node);
    const idle = info(handler).memory;
    node.send(handler, 'x'.repeat(10_000));
    expect(info(handler).memory).toBeGreaterThanOrEqual(idle + 10_000);
    await runUntilIdle(node);
    expect(info(handler).memory).toBe(idle);
  });
});

describe('dead and listed processes', () => {
  it('returns undefined for a dead pid, whatever it died of', async () => {
    start();
    const normal = node.spawn(() => {});
    const killed = spawnIdle();
    node.exit(killed, 'kill');
    await runUntilIdle(node);
    expect(node.processInfo(normal)).toBeUndefined();
    expect(node.processInfo(killed)).toBeUndefined();
  });

  it('returns undefined for a pid of another node', () => {
    start();
    const other = createNode({ name: 'other@h', logger: createRecordingLogger() });
    const pid = other.spawn((ctx) => ctx.receive());
    expect(node.processInfo(pid)).toBeUndefined();
    expect(other.processInfo(pid)?.pid).toBe(pid);
    other.stop();
  });

  it('throws badPid for something that is not a pid', () => {
    start();
    expect(() => node.processInfo('<0.1.0>' as unknown as Pid)).toThrow(expect.objectContaining({ code: 'badPid' }));
  });

  it('processes() lists the live pids, oldest first, without the dead', async () => {
    start();
    const a = spawnIdle();
    const b = node.spawn(() => {});
    const c = spawnIdle();
    expect(node.processes()).toEqual([a, b, c]);
    await runUntilIdle(node);
    expect(node.processes()).toEqual([a, c]);
    node.exit(a, 'kill');
    const d = spawnIdle();
    expect(node.processes()).toEqual([c, d]);
    expect(node.stats().processes).toBe(2);
  });
});
