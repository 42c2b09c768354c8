// Pids: printed like Erlang's, one object per process (===), usable as Map and Set keys and in JSON.
import { inspect } from 'node:util';
import { createNode, isPid, isExitMessage, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, runUntilIdle } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';

const nodes: Node[] = [];

function start(name?: string, creation?: number): Node {
  const node = createNode({ name, creation, logger: createRecordingLogger() });
  nodes.push(node);
  return node;
}

afterEach(() => {
  for (const node of nodes.splice(0)) node.stop();
});

/** A process that reports its own pid to `into`, then waits forever. */
function spawnReporter(node: Node, into: Pid[]): Pid {
  return node.spawn(async (ctx) => {
    into.push(ctx.self);
    await ctx.receive();
  });
}

describe('printing', () => {
  it('prints as <node.id.serial>, with the node name, the process number and the node creation', () => {
    const node = start('chat@host-1', 3);
    const first = node.spawn(() => {});
    const second = node.spawn(() => {});
    expect(first.toString()).toBe('<chat@host-1.1.3>');
    expect(String(second)).toBe('<chat@host-1.2.3>');
    expect(`${first}`).toBe('<chat@host-1.1.3>');
    expect(first.node).toBe('chat@host-1');
    expect(first.id).toBe(1);
    expect(first.serial).toBe(3);
  });

  it("uses Erlang's nonode@nohost and creation 0 by default", () => {
    const node = start();
    expect(node.spawn(() => {}).toString()).toBe('<nonode@nohost.1.0>');
  });

  it('prints the root pid, the sender of signals from outside any process, with id 0', () => {
    expect(start('a@h', 7).rootPid.toString()).toBe('<a@h.0.7>');
  });

  it('prints the same way in util.inspect and console output', () => {
    const pid = start('a@h', 1).spawn(() => {});
    expect(inspect(pid)).toBe('<a@h.1.1>');
    expect(inspect({ owner: pid })).toBe('{ owner: <a@h.1.1> }');
  });

  it('serializes to its printed form in JSON', () => {
    const pid = start('a@h', 2).spawn(() => {});
    expect(JSON.stringify(pid)).toBe('"<a@h.1.2>"');
    expect(JSON.stringify({ from: pid, to: [pid] })).toBe('{"from":"<a@h.1.2>","to":["<a@h.1.2>"]}');
  });

  it('never reuses a process number within a node, even after processes exit', async () => {
    const node = start();
    const first = node.spawn(() => {});
    await runUntilIdle(node);
    expect(node.isAlive(first)).toBe(false);
    const next = node.spawn(() => {});
    expect(next.id).toBe(first.id + 1);
    expect(next.toString()).not.toBe(first.toString());
  });
});

describe('identity', () => {
  it('hands out one object per process: spawn, ctx.self, whereis and processes() return the same pid', async () => {
    const node = start();
    const selves: Pid[] = [];
    const pid = node.spawn(async (ctx) => {
      selves.push(ctx.self, ctx.self);
      await ctx.receive();
    }, { name: 'worker' });
    await runUntilIdle(node);
    expect(selves[0]).toBe(pid);
    expect(selves[1]).toBe(pid);
    expect(node.whereis('worker')).toBe(pid);
    expect(node.processes()).toContain(pid);
    expect(node.processInfo(pid)?.pid).toBe(pid);
  });

  it('gives the same pid object to everyone who receives it in a message or an EXIT signal', async () => {
    const node = start();
    const seen: unknown[] = [];
    const watcher = node.spawn(async (ctx) => {
      ctx.trapExit(true);
      const child = ctx.spawnLink(() => {});
      seen.push(child, await ctx.receive(isExitMessage));
    });
    await runUntilIdle(node);
    const [child, exit] = seen;
    expect(isPid(child)).toBe(true);
    expect(isExitMessage(exit) && exit.from).toBe(child);
    expect(node.isAlive(watcher)).toBe(false);
  });

  it('works as a Map key and a Set member, by identity', async () => {
    const node = start();
    const reported: Pid[] = [];
    const a = spawnReporter(node, reported);
    const b = spawnReporter(node, reported);
    await runUntilIdle(node);
    const byPid = new Map<Pid, string>([[a, 'a'], [b, 'b']]);
    expect(byPid.get(reported[0]!)).toBe('a');
    expect(byPid.get(reported[1]!)).toBe('b');
    const set = new Set([a, b, ...reported]);
    expect(set.size).toBe(2);
  });

  it('tells apart pids of the same number on two nodes', () => {
    const one = start('a@h').spawn(() => {});
    const two = start('b@h').spawn(() => {});
    expect(one.id).toBe(two.id);
    expect(one).not.toBe(two);
    expect(new Set([one, two]).size).toBe(2);
    expect(one.toString()).not.toBe(two.toString());
  });

  it('stays a valid, printable, harmless destination after its process exits', async () => {
    const node = start('a@h');
    const pid = node.spawn(() => {});
    await runUntilIdle(node);
    expect(node.isAlive(pid)).toBe(false);
    expect(pid.toString()).toBe('<a@h.1.0>');
    expect(() => node.send(pid, 'late')).not.toThrow();
    expect(node.processInfo(pid)).toBeUndefined();
  });

  it('is recognised by isPid, unlike its printed form or a look-alike object', () => {
    const pid = start().spawn(() => {});
    expect(isPid(pid)).toBe(true);
    expect(isPid(pid.toString())).toBe(false);
    expect(isPid({ node: pid.node, id: pid.id, serial: pid.serial })).toBe(false);
    expect(isPid(JSON.parse(JSON.stringify(pid)))).toBe(false);
  });
});
