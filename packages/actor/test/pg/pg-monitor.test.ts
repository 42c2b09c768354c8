// Pg monitors: the members now, then join and leave events in order; demonitor; subscribers that exit; monitorScope.
import { createNode, isCorralError, isPgEvent, PgEvent, startPg, type Node, type Pg, type Pid, type Ref } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnRecorder } from './recorder.js';

let node: Node;
let pg: Pg;

beforeEach(() => {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
  pg = startPg(node);
});

afterEach(() => node.stop());

const event = (type: 'join' | 'leave', group: string, pids: Pid[], ref: Ref, scope = 'pg') => new PgEvent(type, scope, group, pids, ref);

describe('monitor(group)', () => {
  it('returns the current members, then sends join and leave events in order', async () => {
    const [a, b] = [spawnRecorder(node).pid, spawnRecorder(node).pid];
    const sub = spawnRecorder(node);
    pg.join('room', a);
    const { ref, members } = pg.monitor('room', sub.pid);
    expect(members).toEqual([a]);
    pg.join('room', [b, b]);
    pg.leave('room', a);
    pg.leave('room', b);
    await runUntilIdle(node);
    expect(sub.got).toEqual([
      event('join', 'room', [b, b], ref),
      event('leave', 'room', [a], ref),
      event('leave', 'room', [b], ref),
    ]);
    expect(sub.got.every((m) => isPgEvent(m, ref))).toBe(true);
  });

  it('is told nothing of other groups', async () => {
    const a = spawnRecorder(node).pid;
    const sub = spawnRecorder(node);
    pg.monitor('room', sub.pid);
    pg.join('elsewhere', a);
    pg.leave('elsewhere', a);
    await runUntilIdle(node);
    expect(sub.got).toEqual([]);
  });

  it('a member that exits is reported as leaving, once per join, with the leave on each group it joined', async () => {
    const a = spawnRecorder(node);
    const sub = spawnRecorder(node);
    pg.join('room', [a.pid, a.pid]);
    const { ref } = pg.monitor('room', sub.pid);
    node.send(a.pid, 'crash');
    await runUntilIdle(node);
    expect(sub.got).toEqual([event('leave', 'room', [a.pid, a.pid], ref)]);
  });

  it('several subscribers of one group each get the events with their own ref', async () => {
    const a = spawnRecorder(node).pid;
    const [s1, s2] = [spawnRecorder(node), spawnRecorder(node)];
    const m1 = pg.monitor('room', s1.pid);
    const m2 = pg.monitor('room', s2.pid);
    expect(m1.ref).not.toBe(m2.ref);
    pg.join('room', a);
    await runUntilIdle(node);
    expect(s1.got).toEqual([event('join', 'room', [a], m1.ref)]);
    expect(s2.got).toEqual([event('join', 'room', [a], m2.ref)]);
  });

  it('an async body can subscribe itself and receive the events with selective receive', async () => {
    const a = spawnRecorder(node).pid;
    const seen: string[] = [];
    node.spawn(async (ctx) => {
      const { ref, members } = pg.monitor('room', ctx.self);
      seen.push(`members ${members.length}`);
      ctx.send(ctx.self, 'noise');
      const msg = await ctx.receive((m) => isPgEvent(m, ref));
      seen.push(`${msg.type} ${msg.pids.map(String).join(',')}`);
    });
    await runUntilIdle(node);
    pg.join('room', a);
    await runUntilIdle(node);
    expect(seen).toEqual(['members 0', `join ${a.toString()}`]);
  });
});

describe('demonitor', () => {
  it('stops the events of that subscription and returns true, then false', async () => {
    const a = spawnRecorder(node).pid;
    const sub = spawnRecorder(node);
    const { ref } = pg.monitor('room', sub.pid);
    pg.join('room', a);
    expect(pg.demonitor(ref)).toBe(true);
    pg.leave('room', a);
    await runUntilIdle(node);
    expect(sub.got).toEqual([event('join', 'room', [a], ref)]);
    expect(pg.demonitor(ref)).toBe(false);
  });

  it('leaves the subscriber\'s other subscriptions in place', async () => {
    const a = spawnRecorder(node).pid;
    const sub = spawnRecorder(node);
    const x = pg.monitor('x', sub.pid);
    const y = pg.monitor('y', sub.pid);
    pg.demonitor(x.ref);
    pg.join('x', a);
    pg.join('y', a);
    await runUntilIdle(node);
    expect(sub.got).toEqual([event('join', 'y', [a], y.ref)]);
  });

  it('throws badRef for something that is not a ref', () => {
    let thrown: unknown;
    try {
      pg.demonitor('ref' as unknown as Ref);
    } catch (error) {
      thrown = error;
    }
    expect(isCorralError(thrown, 'badRef')).toBe(true);
  });
});

describe('subscribers', () => {
  it('a subscriber that exits is dropped: its ref is no longer active', async () => {
    const sub = spawnRecorder(node);
    const { ref } = pg.monitor('room', sub.pid);
    node.send(sub.pid, 'quit');
    await runUntilIdle(node);
    expect(pg.demonitor(ref)).toBe(false);
    pg.join('room', spawnRecorder(node).pid);
  });

  it('a subscriber must be a live process of this node (noproc, badPid)', () => {
    const dead = spawnRecorder(node).pid;
    node.exit(dead, 'kill');
    const codes: unknown[] = [];
    for (const sub of [dead, node.rootPid, 'me']) {
      try {
        pg.monitor('room', sub as Pid);
      } catch (error) {
        codes.push(isCorralError(error) ? error.code : error);
      }
    }
    expect(codes).toEqual(['noproc', 'noproc', 'badPid']);
  });
});

describe('monitorScope', () => {
  it('returns every group with its members, then the events of every group', async () => {
    const [a, b] = [spawnRecorder(node).pid, spawnRecorder(node).pid];
    const sub = spawnRecorder(node);
    pg.join('x', [a, a]);
    pg.join('y', b);
    const { ref, groups } = pg.monitorScope(sub.pid);
    expect(groups).toEqual(new Map([['x', [a, a]], ['y', [b]]]));
    pg.join('z', a);
    node.exit(a, 'kill');
    await runUntilIdle(node);
    expect(sub.got).toEqual([
      event('join', 'z', [a], ref),
      event('leave', 'x', [a, a], ref),
      event('leave', 'z', [a], ref),
    ]);
    expect(pg.demonitor(ref)).toBe(true);
  });
});
