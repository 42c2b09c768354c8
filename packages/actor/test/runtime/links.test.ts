// Links: exit signals along links, trapping them as EXIT messages, 'kill' and 'killed', noproc, spawnLink, long chains.
import { createNode, ExitMessage, isExitMessage, type Node, type Pid, type ProcessBody, type ProcessContext } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let node: Node;
let logger: RecordingLogger;

beforeEach(() => {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger });
});

afterEach(() => node.stop());

/** A body that waits for one message and then exits with it as its reason (`'normal'` returns). */
const exitOnMessage: ProcessBody = async (ctx) => {
  const reason = await ctx.receive();
  if (reason === 'normal') return;
  if (reason instanceof Error) throw reason;
  ctx.exit(reason);
};

/** A body that waits forever. */
const idle: ProcessBody = async (ctx) => {
  await ctx.receive((m) => m === 'never');
};

/** Spawns a process that links to `target` (optionally trapping exits) and records every EXIT message it gets. */
function spawnLinked(target: Pid, trap: boolean, exits: ExitMessage[]): Pid {
  return node.spawn(async (ctx) => {
    ctx.trapExit(trap);
    ctx.link(target);
    for (;;) {
      const msg = await ctx.receive();
      if (isExitMessage(msg)) exits.push(msg);
    }
  });
}

describe('exit signals along links', () => {
  it('an abnormal exit kills every linked process with the same reason', async () => {
    const boom = new Error('boom');
    const source = node.spawn(exitOnMessage);
    const a = spawnLinked(source, false, []);
    const b = spawnLinked(source, false, []);
    await runUntilIdle(node);
    const exits = [node.awaitExit(a), node.awaitExit(b)];
    node.send(source, boom);
    expect(await Promise.all(exits)).toEqual([boom, boom]);
    expect(logger.at('error')).toHaveLength(1);
  });

  it('a normal exit does not kill linked processes', async () => {
    const source = node.spawn(exitOnMessage);
    const linked = spawnLinked(source, false, []);
    await runUntilIdle(node);
    node.send(source, 'normal');
    await runUntilIdle(node);
    expect(node.isAlive(source)).toBe(false);
    expect(node.isAlive(linked)).toBe(true);
  });

  it('a trapping process gets a linked exit as an ExitMessage with from and reason, and lives on', async () => {
    const exits: ExitMessage[] = [];
    const first = node.spawn(exitOnMessage);
    const second = node.spawn(exitOnMessage);
    const trapper = node.spawn(async (ctx) => {
      ctx.trapExit(true);
      ctx.link(first);
      ctx.link(second);
      for (;;) {
        const msg = await ctx.receive();
        if (isExitMessage(msg)) exits.push(msg);
      }
    });
    await runUntilIdle(node);
    node.send(first, 'shutdown');
    node.send(second, 'normal');
    await runUntilIdle(node);
    expect(node.isAlive(trapper)).toBe(true);
    expect(exits.every((m) => m instanceof ExitMessage && m.type === 'EXIT')).toBe(true);
    expect(exits.map((m) => [m.from, m.reason])).toEqual([[first, 'shutdown'], [second, 'normal']]);
  });

  it('messages a linked process sent before it exited arrive before its EXIT', async () => {
    const got: unknown[] = [];
    let child: Pid | undefined;
    node.spawn(async (ctx) => {
      ctx.trapExit(true);
      const parent = ctx.self;
      child = ctx.spawnLink(async (c) => {
        await c.receive();
        for (let i = 0; i < 3; i++) c.send(parent, i);
        c.exit('done');
      });
      for (;;) got.push(await ctx.receive());
    });
    await runUntilIdle(node);
    node.send(child as Pid, 'go');
    await runUntilIdle(node);
    expect(got.slice(0, 3)).toEqual([0, 1, 2]);
    expect(got[3]).toMatchObject({ type: 'EXIT', from: child, reason: 'done' });
    expect(got).toHaveLength(4);
  });

  it('a user message shaped like an EXIT is not an ExitMessage', () => {
    expect(isExitMessage({ type: 'EXIT', from: node.rootPid, reason: 'boom' })).toBe(false);
  });

  it('links are bidirectional: the linking side dying kills the linked one', async () => {
    const target = node.spawn(idle);
    const linker = node.spawn(async (ctx) => {
      ctx.link(target);
      await ctx.receive();
      ctx.exit('fatal');
    });
    await runUntilIdle(node);
    const exit = node.awaitExit(target);
    node.send(linker, 'go');
    expect(await exit).toBe('fatal');
  });

  it('unlink removes the link: the exit no longer reaches the other side', async () => {
    const source = node.spawn(exitOnMessage);
    const unlinker = node.spawn(async (ctx) => {
      ctx.link(source);
      ctx.unlink(source);
      await ctx.receive((m) => m === 'never');
    });
    await runUntilIdle(node);
    node.send(source, 'fatal');
    await runUntilIdle(node);
    expect(node.isAlive(unlinker)).toBe(true);
  });
});

describe('kill and killed', () => {
  it('exit(pid, kill) kills even a trapping process, and its links get killed, not kill', async () => {
    const victim = node.spawn(async (ctx) => {
      ctx.trapExit(true);
      for (;;) await ctx.receive();
    });
    const trapperExits: ExitMessage[] = [];
    const trapper = spawnLinked(victim, true, trapperExits);
    const plain = spawnLinked(victim, false, []);
    await runUntilIdle(node);
    const exits = [node.awaitExit(victim), node.awaitExit(plain)];
    node.exit(victim, 'kill');
    expect(await Promise.all(exits)).toEqual(['killed', 'killed']);
    await runUntilIdle(node);
    expect(node.isAlive(trapper)).toBe(true);
    expect(trapperExits.map((m) => [m.from, m.reason])).toEqual([[victim, 'killed']]);
  });

  it('a process that exits with reason kill itself passes kill along its links as an ordinary, trappable reason', async () => {
    const source = node.spawn(exitOnMessage);
    const trapperExits: ExitMessage[] = [];
    const trapper = spawnLinked(source, true, trapperExits);
    const plain = spawnLinked(source, false, []);
    await runUntilIdle(node);
    const exit = node.awaitExit(plain);
    node.send(source, 'kill');
    expect(await exit).toBe('kill');
    await runUntilIdle(node);
    expect(node.isAlive(trapper)).toBe(true);
    expect(trapperExits.map((m) => m.reason)).toEqual(['kill']);
  });
});

describe('linking to a dead pid', () => {
  it('a trapping process gets an EXIT message with reason noproc', async () => {
    const dead = node.spawn(() => {});
    await runUntilIdle(node);
    let msg: unknown;
    const pid = node.spawn(async (ctx) => {
      ctx.trapExit(true);
      ctx.link(dead);
      msg = await ctx.receive();
    });
    expect(await node.awaitExit(pid)).toBe('normal');
    expect(isExitMessage(msg)).toBe(true);
    expect(msg).toMatchObject({ from: dead, reason: 'noproc' });
  });

  it('a non-trapping process exits with noproc at the link call', async () => {
    const dead = node.spawn(() => {});
    await runUntilIdle(node);
    const after: string[] = [];
    const pid = node.spawn((ctx) => {
      ctx.link(dead);
      after.push('unreachable');
    });
    expect(await node.awaitExit(pid)).toBe('noproc');
    expect(after).toEqual([]);
  });
});

describe('spawnLink', () => {
  it('links the child to the parent: the child crashing kills the parent with the child\'s reason', async () => {
    const boom = new Error('child failed');
    const parent = node.spawn(async (ctx) => {
      const child = ctx.spawnLink(exitOnMessage);
      ctx.send(child, boom);
      await ctx.receive((m) => m === 'never');
    });
    expect(await node.awaitExit(parent)).toBe(boom);
  });

  it('links the parent to the child: the parent exiting abnormally kills the child', async () => {
    let child: Pid | undefined;
    const parent = node.spawn(async (ctx) => {
      child = ctx.spawnLink(idle);
      await ctx.receive();
      ctx.exit('parent quit');
    });
    await runUntilIdle(node);
    expect(child).toBeDefined();
    const exit = node.awaitExit(child as Pid);
    node.send(parent, 'go');
    expect(await exit).toBe('parent quit');
  });
});

describe('long chains', () => {
  it('a chain of 10,000 linked processes dies entirely when one in the middle crashes', async () => {
    const length = 10_000;
    const pids: Pid[] = [];
    const link = (index: number): ProcessBody => async (ctx: ProcessContext) => {
      pids.push(ctx.self);
      if (index === length / 2) ctx.register('middle');
      if (index < length - 1) ctx.spawnLink(link(index + 1));
      if ((await ctx.receive()) === 'crash') throw new Error('middle crashed');
    };
    node.spawn(link(0));
    await runUntilIdle(node);
    expect(pids).toHaveLength(length);
    expect(node.processes()).toHaveLength(length);
    const exits = Promise.all(pids.map((pid) => node.awaitExit(pid)));
    node.send('middle', 'crash');
    const reasons = await exits;
    const reason = reasons[length / 2];
    expect(reason).toBeInstanceOf(Error);
    expect(reasons.every((r) => r === reason)).toBe(true);
    expect(node.processes()).toEqual([]);
    expect(logger.at('error')).toHaveLength(1);
  });
});
