// How processes end: returning, throwing (with a crash report), ctx.exit, and exit signals sent with exit(pid, reason).
import { createNode, isExitMessage, type ExitMessage, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let node: Node;
let logger: RecordingLogger;

beforeEach(() => {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger });
});

afterEach(() => node.stop());

/** A process that answers every `{ ping: pid }` with `'pong'`, forever. */
function spawnEcho(): Pid {
  return node.spawn(async (ctx) => {
    for (;;) {
      const msg = (await ctx.receive()) as { ping: Pid };
      ctx.send(msg.ping, 'pong');
    }
  });
}

/** Asks `echo` for a pong from a fresh process; resolves with what that process received. */
async function ping(echo: Pid): Promise<unknown> {
  let answer: unknown;
  const asker = node.spawn(async (ctx) => {
    ctx.send(echo, { ping: ctx.self });
    answer = await ctx.receive();
  });
  await node.awaitExit(asker);
  return answer;
}

describe('the end of a body', () => {
  it('a body that returns exits normal and logs nothing', async () => {
    const sync = node.spawn(() => 42);
    const later = node.spawn(async (ctx) => {
      await ctx.receive(undefined, { timeout: 0 });
      return 'done';
    });
    expect(await node.awaitExit(sync)).toBe('normal');
    expect(await node.awaitExit(later)).toBe('normal');
    expect(logger.entries).toEqual([]);
  });

  it('a body that throws exits with the thrown Error itself and logs a crash report naming the pid', async () => {
    const boom = new Error('boom');
    const pid = node.spawn(async (ctx) => {
      await ctx.receive();
      throw boom;
    });
    const exit = node.awaitExit(pid);
    node.send(pid, 'go');
    expect(await exit).toBe(boom);
    const errors = logger.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(pid.toString());
    expect(errors[0]?.message).toContain('boom');
    expect(errors[0]?.meta?.reason).toBe(boom);
  });

  it('a body that throws synchronously, before any receive, crashes the same way', async () => {
    const boom = new TypeError('early');
    const pid = node.spawn(() => {
      throw boom;
    });
    expect(await node.awaitExit(pid)).toBe(boom);
    expect(logger.at('error').map((e) => e.message.includes(pid.toString()))).toEqual([true]);
  });

  it('a thrown non-Error value is the exit reason as it was thrown', async () => {
    const reason = { oops: 1 };
    const pid = node.spawn(() => {
      throw reason;
    });
    expect(await node.awaitExit(pid)).toBe(reason);
    expect(logger.at('error')).toHaveLength(1);
  });

  it('a crash leaves the node and every unrelated process running', async () => {
    const echo = spawnEcho();
    const bystander = node.spawn(async (ctx) => {
      await ctx.receive((m) => m === 'never');
    });
    const crasher = node.spawn(() => {
      throw new Error('crash');
    });
    await node.awaitExit(crasher);
    await runUntilIdle(node);
    expect(node.isAlive(echo)).toBe(true);
    expect(node.isAlive(bystander)).toBe(true);
    expect(await ping(echo)).toBe('pong');
    expect(await node.awaitExit(node.spawn(() => {}))).toBe('normal');
  });

  it('ctx.exit(reason) ends the process with that reason, skips the rest of the body and logs no crash report', async () => {
    const after: string[] = [];
    const pid = node.spawn(async (ctx) => {
      await ctx.receive();
      ctx.exit({ gaveUp: true });
      after.push('unreachable');
    });
    const exit = node.awaitExit(pid);
    node.send(pid, 'go');
    expect(await exit).toEqual({ gaveUp: true });
    expect(after).toEqual([]);
    expect(logger.entries).toEqual([]);
  });

  it('awaitExit of a pid that is already gone resolves noproc', async () => {
    const pid = node.spawn(() => {});
    await runUntilIdle(node);
    expect(await node.awaitExit(pid)).toBe('noproc');
  });
});

describe('exit signals sent with exit(pid, reason)', () => {
  it('exit(other, reason) ends a non-trapping process with that reason and logs no crash report', async () => {
    const victim = node.spawn(async (ctx) => {
      await ctx.receive();
    });
    const exit = node.awaitExit(victim);
    node.spawn((ctx) => ctx.exit(victim, 'shutdown'));
    expect(await exit).toBe('shutdown');
    expect(logger.entries).toEqual([]);
  });

  it('exit(other, normal) is ignored by a process that does not trap exits', async () => {
    const echo = spawnEcho();
    node.exit(echo, 'normal');
    node.spawn((ctx) => ctx.exit(echo, 'normal'));
    await runUntilIdle(node);
    expect(node.isAlive(echo)).toBe(true);
    expect(await ping(echo)).toBe('pong');
  });

  it('exit(self, normal) ends the caller normally and runs none of its body after the call', async () => {
    const after: string[] = [];
    const pid = node.spawn((ctx) => {
      ctx.exit(ctx.self, 'normal');
      after.push('unreachable');
    });
    expect(await node.awaitExit(pid)).toBe('normal');
    expect(after).toEqual([]);
    expect(logger.entries).toEqual([]);
  });

  it('a trapping process gets exit(pid, reason) as an EXIT message from the sender, including normal', async () => {
    const got: ExitMessage[] = [];
    const trapper = node.spawn(async (ctx) => {
      ctx.trapExit(true);
      for (;;) {
        const msg = await ctx.receive();
        if (isExitMessage(msg)) got.push(msg);
      }
    });
    await runUntilIdle(node);
    const sender = node.spawn((ctx) => {
      ctx.exit(trapper, 'normal');
      ctx.exit(trapper, 'shutdown');
    });
    node.exit(trapper, 'bye');
    await runUntilIdle(node);
    expect(node.isAlive(trapper)).toBe(true);
    expect(got.map((m) => [m.from, m.reason])).toEqual([
      [node.rootPid, 'bye'],
      [sender, 'normal'],
      [sender, 'shutdown'],
    ]);
  });

  it('exit(pid, kill) cannot be trapped: the victim exits killed', async () => {
    const victim = node.spawn(async (ctx) => {
      ctx.trapExit(true);
      for (;;) await ctx.receive();
    });
    await runUntilIdle(node);
    const exit = node.awaitExit(victim);
    node.exit(victim, 'kill');
    expect(await exit).toBe('killed');
    expect(logger.entries).toEqual([]);
  });

  it('exit(self, kill) from inside a process ends it with killed', async () => {
    const pid = node.spawn((ctx) => {
      ctx.trapExit(true);
      ctx.exit(ctx.self, 'kill');
    });
    expect(await node.awaitExit(pid)).toBe('killed');
  });
});
