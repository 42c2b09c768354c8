// startPg: scope processes, independent scopes, a scope started twice, a scope that stops, a linked scope.
import { createNode, isCorralError, startPg, type Node, type Pg } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnRecorder } from './recorder.js';

let node: Node;
let logger: RecordingLogger;

beforeEach(() => {
  logger = createRecordingLogger();
  node = createNode({ clock: createSimulatedClock(), logger });
});

afterEach(() => node.stop());

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return isCorralError(error) ? error.code : error;
  }
  return 'no error';
}

describe('the scope process', () => {
  it('runs registered under the scope name, default pg, with kind pg_scope', async () => {
    const pg = startPg(node);
    await runUntilIdle(node);
    expect(pg.scope).toBe('pg');
    expect(node.whereis('pg')).toBe(pg.pid);
    expect(node.processInfo(pg.pid)).toMatchObject({ kind: 'pg_scope', registeredName: 'pg', behaviour: 'handler' });
    expect(startPg(node, { scope: 'chat' }).pid).toBe(node.whereis('chat'));
  });

  it('logs a message it does not understand and keeps running', async () => {
    const pg = startPg(node);
    node.send('pg', { type: 'nonsense' });
    await runUntilIdle(node);
    expect(logger.at('warn').map((e) => e.message)).toEqual([expect.stringContaining('pg scope pg')]);
    expect(pg.alive).toBe(true);
  });

  it('a scope name must be a non-empty string (badName), options an object (badOption)', () => {
    expect(codeOf(() => startPg(node, { scope: '' }))).toBe('badName');
    expect(codeOf(() => startPg(node, { scope: 5 as unknown as string }))).toBe('badName');
    expect(codeOf(() => startPg(node, null as unknown as object))).toBe('badOption');
    expect(codeOf(() => startPg({} as Node))).toBe('badOption');
  });
});

describe('scopes', () => {
  it('are independent: the same group in two scopes has its own members and subscribers', async () => {
    const one = startPg(node, { scope: 'one' });
    const two = startPg(node, { scope: 'two' });
    const [a, b] = [spawnRecorder(node), spawnRecorder(node)];
    const sub = spawnRecorder(node);
    const { ref } = two.monitor('room', sub.pid);
    one.join('room', a.pid);
    two.join('room', b.pid);
    expect(one.members('room')).toEqual([a.pid]);
    expect(two.members('room')).toEqual([b.pid]);
    one.publish('room', 'from one');
    one.leave('room', a.pid);
    expect(two.whichGroups()).toEqual(['room']);
    await runUntilIdle(node);
    expect(a.got).toEqual(['from one']);
    expect(b.got).toEqual([]);
    expect(sub.got).toHaveLength(1);
    expect(sub.got[0]).toMatchObject({ type: 'join', scope: 'two', group: 'room', ref });
  });

  it('a process in two scopes leaves both when it exits', () => {
    const one = startPg(node, { scope: 'one' });
    const two = startPg(node, { scope: 'two' });
    const a = spawnRecorder(node).pid;
    one.join('x', a);
    two.join('y', a);
    node.exit(a, 'kill');
    expect(one.whichGroups()).toEqual([]);
    expect(two.whichGroups()).toEqual([]);
  });

  it('starting a scope twice on one node throws alreadyStarted, and the running scope is untouched', () => {
    const pg = startPg(node);
    const a = spawnRecorder(node).pid;
    pg.join('room', a);
    expect(codeOf(() => startPg(node))).toBe('alreadyStarted');
    expect(codeOf(() => startPg(node, { scope: 'pg' }))).toBe('alreadyStarted');
    expect(pg.members('room')).toEqual([a]);
    expect(node.whereis('pg')).toBe(pg.pid);
  });

  it('the same scope name on two nodes is two scopes', () => {
    const other = createNode({ name: 'other@host', clock: createSimulatedClock(), logger: createRecordingLogger() });
    try {
      const here = startPg(node);
      const there = startPg(other);
      here.join('room', spawnRecorder(node).pid);
      expect(there.members('room')).toEqual([]);
    } finally {
      other.stop();
    }
  });
});

describe('a scope that stops', () => {
  it('drops its membership and subscriptions; changes then throw noproc and reads are empty', async () => {
    const pg = startPg(node);
    const a = spawnRecorder(node);
    const sub = spawnRecorder(node);
    pg.join('room', a.pid);
    const { ref } = pg.monitor('room', sub.pid);
    pg.stop();
    expect(node.isAlive(pg.pid)).toBe(false);
    expect(pg.alive).toBe(false);
    expect(pg.members('room')).toEqual([]);
    expect(pg.whichGroups()).toEqual([]);
    expect(pg.publish('room', 'lost')).toBe(0);
    expect(pg.demonitor(ref)).toBe(false);
    expect(codeOf(() => pg.join('room', a.pid))).toBe('noproc');
    expect(codeOf(() => pg.leave('room', a.pid))).toBe('noproc');
    expect(codeOf(() => pg.monitor('room', sub.pid))).toBe('noproc');
    node.exit(a.pid, 'kill');
    await runUntilIdle(node);
    expect(sub.got).toEqual([]);
    expect(node.isAlive(sub.pid)).toBe(true);
  });

  it('can be started again, empty', () => {
    const first = startPg(node);
    first.join('room', spawnRecorder(node).pid);
    node.exit(first.pid, 'kill');
    const second = startPg(node);
    expect(second.pid).not.toBe(first.pid);
    expect(second.members('room')).toEqual([]);
  });

  it('stops with its node', () => {
    const pg = startPg(node);
    pg.join('room', spawnRecorder(node).pid);
    node.stop();
    expect(pg.alive).toBe(false);
    expect(pg.whichGroups()).toEqual([]);
  });

  it('linked to the process that started it, it exits when that process crashes', async () => {
    let pg: Pg | undefined;
    const owner = node.spawn(async (ctx) => {
      pg = startPg(ctx, { scope: 'owned', link: true });
      await ctx.receive();
      throw new Error('owner crashed');
    });
    await runUntilIdle(node);
    expect(node.processInfo(owner)?.links).toEqual([pg?.pid]);
    node.send(owner, 'go');
    await runUntilIdle(node);
    expect(pg?.alive).toBe(false);
    expect(node.whereis('owned')).toBeUndefined();
  });

  it('link needs a process context (badOption from a node)', () => {
    expect(codeOf(() => startPg(node, { link: true }))).toBe('badOption');
    expect(node.whereis('pg')).toBeUndefined();
  });
});
