// Pg publish: every member once, in order per sender, skipping except and dead members; empty groups are a no-op.
import { createNode, hibernate, isCorralError, startPg, type Node, type Pg, type Pid, type ProcessHandler } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnRecorder } from './recorder.js';

let node: Node;
let pg: Pg;

beforeEach(() => {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger(), budget: 3 });
  pg = startPg(node);
});

afterEach(() => node.stop());

describe('publish', () => {
  it('reaches every member once, even a process that joined twice, and returns how many it reached', async () => {
    const [a, b] = [spawnRecorder(node), spawnRecorder(node)];
    pg.join('room', [a.pid, b.pid, a.pid]);
    expect(pg.members('room')).toHaveLength(3);
    expect(pg.publish('room', 'hello')).toBe(2);
    await runUntilIdle(node);
    expect(a.got).toEqual(['hello']);
    expect(b.got).toEqual(['hello']);
  });

  it('delivers the messages of one sender in the order they were published', async () => {
    const members = [spawnRecorder(node), spawnRecorder(node), spawnRecorder(node)];
    pg.join('room', members.map((m) => m.pid));
    for (let i = 0; i < 10; i++) pg.publish('room', i);
    await runUntilIdle(node);
    for (const m of members) expect(m.got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps the order of one process\'s publishes and sends among its messages', async () => {
    const listener = spawnRecorder(node);
    pg.join('room', listener.pid);
    node.spawn((ctx) => {
      ctx.send(listener.pid, 'direct 1');
      pg.publish('room', 'published');
      ctx.send(listener.pid, 'direct 2');
    });
    await runUntilIdle(node);
    expect(listener.got).toEqual(['direct 1', 'published', 'direct 2']);
  });

  it('skips the except process (typically the publisher itself)', async () => {
    const [a, b] = [spawnRecorder(node), spawnRecorder(node)];
    pg.join('room', [a.pid, b.pid]);
    expect(pg.publish('room', 'not for a', { except: a.pid })).toBe(1);
    await runUntilIdle(node);
    expect(a.got).toEqual([]);
    expect(b.got).toEqual(['not for a']);
  });

  it('does not count or reach members that have exited', async () => {
    const [a, b] = [spawnRecorder(node), spawnRecorder(node)];
    pg.join('room', [a.pid, b.pid]);
    pg.publish('room', 'first');
    node.send(a.pid, 'quit');
    await runUntilIdle(node);
    expect(pg.publish('room', 'second')).toBe(1);
    await runUntilIdle(node);
    expect(a.got).toEqual(['first']);
    expect(b.got).toEqual(['first', 'second']);
  });

  it('reaches processes that joined after an earlier publish, and not those that left', async () => {
    const [a, b] = [spawnRecorder(node), spawnRecorder(node)];
    pg.join('room', a.pid);
    pg.publish('room', 1);
    pg.join('room', b.pid);
    pg.publish('room', 2);
    pg.leave('room', a.pid);
    pg.publish('room', 3);
    await runUntilIdle(node);
    expect(a.got).toEqual([1, 2]);
    expect(b.got).toEqual([2, 3]);
  });

  it('to a group nobody joined, or that everyone left, is a no-op', async () => {
    const a = spawnRecorder(node);
    expect(pg.publish('nobody', 'lost')).toBe(0);
    pg.join('room', a.pid);
    pg.leave('room', a.pid);
    expect(pg.publish('room', 'lost')).toBe(0);
    await runUntilIdle(node);
    expect(a.got).toEqual([]);
  });

  it('wakes hibernated members', async () => {
    const got: unknown[] = [];
    const sleeper: ProcessHandler<number> = {
      init: () => hibernate(0),
      handleMessage: (msg, n) => {
        got.push(msg);
        return hibernate(n + 1);
      },
    };
    const pid = node.spawnHandler(sleeper);
    pg.join('room', pid);
    await runUntilIdle(node);
    expect(node.processInfo(pid)?.status).toBe('hibernated');
    pg.publish('room', 'wake up');
    await runUntilIdle(node);
    expect(got).toEqual(['wake up']);
  });

  it('throws badGroup for a group that is not a string and badPid for an except that is not a pid', () => {
    const codes: unknown[] = [];
    const attempts: Array<() => unknown> = [
      () => pg.publish(3 as unknown as string, 'x'),
      () => pg.publish('room', 'x', { except: 'me' as unknown as Pid }),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
      } catch (error) {
        codes.push(isCorralError(error) ? error.code : error);
      }
    }
    expect(codes).toEqual(['badGroup', 'badPid']);
  });

  it('fans one message out to many members', async () => {
    let heard = 0;
    const listener: ProcessHandler<null> = {
      init: () => null,
      handleMessage: () => {
        heard++;
        return null;
      },
    };
    const pids: Pid[] = [];
    for (let i = 0; i < 1000; i++) pids.push(node.spawnHandler(listener));
    pg.join('crowd', pids);
    expect(pg.publish('crowd', 'news')).toBe(1000);
    await runUntilIdle(node);
    expect(heard).toBe(1000);
  });
});
