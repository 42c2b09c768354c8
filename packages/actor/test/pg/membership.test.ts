// The membership of a scope as pure data: diffs, join counts, leave on exit, remote members apart, the publish cache.
import { createNode, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMembership, distinctLocalMembers, distinctRemoteMembers, isMember, join, joinDiff, joinRemote, leave,
  leaveDiff, localMembers, members, removePid, whichGroups, whichLocalGroups, type Membership,
} from '../../src/pg/membership.js';
import { dropNode, localJoins, syncNode } from '../../src/pg/membership-sync.js';

let local: Node;
let remote: Node;
let m: Membership;
let a: Pid;
let b: Pid;
let c: Pid;
let r1: Pid;
let r2: Pid;

const idle = () => ({ init: () => null, handleMessage: () => null });

beforeEach(() => {
  local = createNode({ name: 'a@host', clock: createSimulatedClock(), logger: createRecordingLogger() });
  remote = createNode({ name: 'b@host', clock: createSimulatedClock(), logger: createRecordingLogger() });
  [a, b, c] = [local.spawnHandler(idle()), local.spawnHandler(idle()), local.spawnHandler(idle())];
  [r1, r2] = [remote.spawnHandler(idle()), remote.spawnHandler(idle())];
  m = createMembership();
});

afterEach(() => {
  local.stop();
  remote.stop();
});

describe('join and leave return diffs as plain data', () => {
  it('a join returns a join diff that lists each pid once per occurrence', () => {
    expect(join(m, 'room', [a, b, a])).toEqual({ type: 'join', group: 'room', pids: [a, b, a] });
    expect(joinDiff('room', [a])).toEqual({ type: 'join', group: 'room', pids: [a] });
    expect(leaveDiff('room', [a])).toEqual({ type: 'leave', group: 'room', pids: [a] });
  });

  it('a diff does not share the array it was given, and cannot be changed', () => {
    const pids = [a];
    const diff = join(m, 'room', pids);
    pids.push(b);
    expect(diff?.pids).toEqual([a]);
    expect(Object.isFrozen(diff?.pids)).toBe(true);
  });

  it('joining nobody changes nothing and returns null', () => {
    expect(join(m, 'room', [])).toBeNull();
    expect(whichGroups(m)).toEqual([]);
  });

  it('a group lists a pid once per join, and joining twice needs leaving twice', () => {
    join(m, 'room', [a]);
    join(m, 'room', [b, a]);
    expect(members(m, 'room')).toEqual([a, a, b]);
    expect(leave(m, 'room', [a])).toEqual({ type: 'leave', group: 'room', pids: [a] });
    expect(members(m, 'room')).toEqual([a, b]);
    expect(leave(m, 'room', [a])).toEqual({ type: 'leave', group: 'room', pids: [a] });
    expect(members(m, 'room')).toEqual([b]);
    expect(isMember(m, a)).toBe(false);
  });

  it('leave skips pids that are not in the group and returns null when none left (not_joined)', () => {
    join(m, 'room', [a]);
    expect(leave(m, 'room', [b])).toBeNull();
    expect(leave(m, 'elsewhere', [a])).toBeNull();
    expect(leave(m, 'room', [b, a, a])).toEqual({ type: 'leave', group: 'room', pids: [a] });
  });

  it('groups exist only while they have members', () => {
    join(m, 'x', [a]);
    join(m, 'y', [b]);
    expect(whichGroups(m)).toEqual(['x', 'y']);
    leave(m, 'x', [a]);
    expect(whichGroups(m)).toEqual(['y']);
    expect(members(m, 'x')).toEqual([]);
  });
});

describe('removePid (a member exited)', () => {
  it('returns one leave diff per group the pid joined, repeating the pid once per join', () => {
    join(m, 'x', [a, a]);
    join(m, 'y', [a, b]);
    expect(removePid(m, a)).toEqual([
      { type: 'leave', group: 'x', pids: [a, a] },
      { type: 'leave', group: 'y', pids: [a] },
    ]);
    expect(whichGroups(m)).toEqual(['y']);
    expect(members(m, 'y')).toEqual([b]);
    expect(isMember(m, a)).toBe(false);
  });

  it('removes a pid that left one of its groups from the others it is still in', () => {
    join(m, 'x', [a, b]);
    join(m, 'y', [a]);
    join(m, 'z', [a]);
    leave(m, 'y', [a]);
    expect(removePid(m, a)).toEqual([
      { type: 'leave', group: 'x', pids: [a] },
      { type: 'leave', group: 'z', pids: [a] },
    ]);
    expect(whichGroups(m)).toEqual(['x']);
    expect(members(m, 'x')).toEqual([b]);
  });

  it('forgets a pid that left each of its groups, whatever the order it left them in', () => {
    join(m, 'x', [a]);
    join(m, 'y', [a]);
    join(m, 'z', [a]);
    leave(m, 'y', [a]);
    leave(m, 'z', [a]);
    expect(isMember(m, a)).toBe(true);
    leave(m, 'x', [a]);
    expect(isMember(m, a)).toBe(false);
    expect(removePid(m, a)).toEqual([]);
  });

  it('returns no diff for a pid in no group', () => {
    expect(removePid(m, c)).toEqual([]);
  });
});

describe('remote members', () => {
  it('are kept apart from local ones: members lists both, localMembers only the local ones', () => {
    join(m, 'room', [a]);
    expect(joinRemote(m, 'room', [r1, r1])).toEqual({ type: 'join', group: 'room', pids: [r1, r1] });
    joinRemote(m, 'remote-only', [r2]);
    expect(members(m, 'room')).toEqual([a, r1, r1]);
    expect(localMembers(m, 'room')).toEqual([a]);
    expect(whichGroups(m)).toEqual(['room', 'remote-only']);
    expect(whichLocalGroups(m)).toEqual(['room']);
    expect(distinctLocalMembers(m, 'room')).toEqual([a]);
    expect(distinctRemoteMembers(m, 'room')).toEqual([r1]);
  });

  it('lists by node only the members of other nodes, so dropping a node never drops a local member', () => {
    join(m, 'room', [a, b]);
    join(m, 'other', [a]);
    joinRemote(m, 'room', [r1]);
    expect([...m.nodes.keys()]).toEqual(['b@host']);
    expect(m.nodes.get('b@host')).toEqual(new Set([r1]));
    expect(dropNode(m, 'a@host')).toEqual([]);
    expect(members(m, 'room')).toEqual([a, b, r1]);
    expect(members(m, 'other')).toEqual([a]);
  });

  it('leave works for a remote member as for a local one', () => {
    joinRemote(m, 'room', [r1]);
    expect(leave(m, 'room', [r1])).toEqual({ type: 'leave', group: 'room', pids: [r1] });
    expect(whichGroups(m)).toEqual([]);
    expect(m.nodes.size).toBe(0);
  });

  it('syncNode makes the members of that node exactly the synced ones and returns only the net change, leaves first', () => {
    join(m, 'room', [a]);
    joinRemote(m, 'room', [r1, r2]);
    joinRemote(m, 'old', [r1]);
    const diffs = syncNode(m, 'b@host', new Map([['room', [r2, r2]], ['new', [r1]]]));
    expect(diffs).toEqual([
      { type: 'leave', group: 'room', pids: [r1] },
      { type: 'leave', group: 'old', pids: [r1] },
      { type: 'join', group: 'room', pids: [r2] },
      { type: 'join', group: 'new', pids: [r1] },
    ]);
    expect(members(m, 'room')).toEqual([a, r2, r2]);
    expect(whichGroups(m).sort()).toEqual(['new', 'room']);
    expect(syncNode(m, 'b@host', new Map([['room', [r2, r2]], ['new', [r1]]]))).toEqual([]);
    expect(syncNode(m, 'b@host', new Map()).map((d) => d.type)).toEqual(['leave', 'leave']);
    expect(members(m, 'room')).toEqual([a]);
  });

  it('dropNode removes every member of that node with leave diffs and keeps the others', () => {
    join(m, 'room', [a]);
    joinRemote(m, 'room', [r1, r2]);
    joinRemote(m, 'other', [r2, r2]);
    expect(dropNode(m, 'b@host')).toEqual([
      { type: 'leave', group: 'room', pids: [r1] },
      { type: 'leave', group: 'room', pids: [r2] },
      { type: 'leave', group: 'other', pids: [r2, r2] },
    ]);
    expect(members(m, 'room')).toEqual([a]);
    expect(whichGroups(m)).toEqual(['room']);
    expect(dropNode(m, 'b@host')).toEqual([]);
  });

  it('localJoins describes the local membership, group by group, as join diffs a peer can apply', () => {
    join(m, 'x', [a, a, b]);
    joinRemote(m, 'x', [r1]);
    joinRemote(m, 'y', [r1]);
    expect(localJoins(m)).toEqual([{ type: 'join', group: 'x', pids: [a, a, b] }]);
  });
});

describe('the distinct local and remote members (what publish loops over)', () => {
  it('lists each local process once, however many times it joined', () => {
    join(m, 'room', [a, b, a]);
    expect(distinctLocalMembers(m, 'room')).toEqual([a, b]);
  });

  it('is one cached array until the set of local members changes', () => {
    join(m, 'room', [a]);
    const first = distinctLocalMembers(m, 'room');
    expect(distinctLocalMembers(m, 'room')).toBe(first);
    join(m, 'room', [a]);
    leave(m, 'room', [a]);
    expect(distinctLocalMembers(m, 'room')).toBe(first);
    joinRemote(m, 'room', [r1]);
    expect(distinctLocalMembers(m, 'room')).toBe(first);
    join(m, 'room', [b]);
    const second = distinctLocalMembers(m, 'room');
    expect(second).not.toBe(first);
    expect(second).toEqual([a, b]);
    removePid(m, a);
    expect(distinctLocalMembers(m, 'room')).toEqual([b]);
  });

  it('is empty for a group nobody joined', () => {
    expect(distinctLocalMembers(m, 'nobody')).toEqual([]);
  });

  it('has no remote members to list for a group nobody joined or only this node joined: one shared frozen empty array', () => {
    join(m, 'room', [a]);
    const none = distinctRemoteMembers(m, 'nobody');
    expect(none).toEqual([]);
    expect(Object.isFrozen(none)).toBe(true);
    expect(distinctRemoteMembers(m, 'room')).toBe(none);
  });
});
