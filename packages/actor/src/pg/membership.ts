// The membership of one pg scope as data: who joined which group how often, changed by diffs that are data too.
import type { Pid } from '../kernel/pid.js';

/**
 * A change to one group: the pids that joined or left it, one entry per join (a pid that joined
 * twice and then exits appears twice in its leave diff). Plain data, so that a cluster can ship it
 * to other nodes and apply it there.
 */
export interface MembershipDiff {
  readonly type: 'join' | 'leave';
  readonly group: string;
  readonly pids: readonly Pid[];
}

/** A join diff. */
export function joinDiff(group: string, pids: readonly Pid[]): MembershipDiff {
  return { type: 'join', group, pids };
}

/** A leave diff. */
export function leaveDiff(group: string, pids: readonly Pid[]): MembershipDiff {
  return { type: 'leave', group, pids };
}

/** The members of one group: pid -> join count, local and remote apart, each in first-join order. */
export interface GroupMembers {
  readonly local: Map<Pid, number>;
  readonly remote: Map<Pid, number>;
  /** The distinct local members as an array, rebuilt lazily: `null` after the set of local members changed. */
  distinctLocal: Pid[] | null;
}

/**
 * The membership of one scope. `groups` answers "who is in this group", `joined` answers "which
 * groups did this pid join", each group once (so an exit costs O(groups of that pid)), `nodes` lists the remote
 * members of each node (so a node that goes down is dropped wholesale). Groups without members do
 * not exist. The functions below mutate it and return what changed; nothing here knows about
 * processes, clocks or messages.
 */
export interface Membership {
  readonly groups: Map<string, GroupMembers>;
  readonly joined: Map<Pid, string[]>;
  readonly nodes: Map<string, Set<Pid>>;
}

const NONE: readonly Pid[] = Object.freeze([]);

/** An empty membership. */
export function createMembership(): Membership {
  return { groups: new Map(), joined: new Map(), nodes: new Map() };
}

function add(m: Membership, group: string, pids: readonly Pid[], remote: boolean): MembershipDiff | null {
  if (pids.length === 0) return null;
  let entry = m.groups.get(group);
  if (entry === undefined) {
    entry = { local: new Map(), remote: new Map(), distinctLocal: null };
    m.groups.set(group, entry);
  }
  const counts = remote ? entry.remote : entry.local;
  for (const pid of pids) {
    const count = counts.get(pid);
    counts.set(pid, (count ?? 0) + 1);
    if (count !== undefined) continue;
    if (!remote) entry.distinctLocal = null;
    const groups = m.joined.get(pid);
    if (groups !== undefined) groups.push(group);
    else {
      m.joined.set(pid, [group]);
      if (remote) addToNode(m, pid);
    }
  }
  return joinDiff(group, Object.freeze(pids.slice()));
}

function addToNode(m: Membership, pid: Pid): void {
  let pids = m.nodes.get(pid.node);
  if (pids === undefined) {
    pids = new Set();
    m.nodes.set(pid.node, pids);
  }
  pids.add(pid);
}

/** Forgets that `pid` is in `group` (its count reached zero), and the group when it became empty. */
function forget(m: Membership, group: string, entry: GroupMembers, pid: Pid, remote: boolean): void {
  if (remote) entry.remote.delete(pid);
  else {
    entry.local.delete(pid);
    entry.distinctLocal = null;
  }
  if (entry.local.size === 0 && entry.remote.size === 0) m.groups.delete(group);
  const groups = m.joined.get(pid);
  // Stryker disable next-line ConditionalExpression: unreachable, a member of a group is always in `joined` (the guard is for the type)
  if (groups === undefined) return;
  const at = groups.indexOf(group);
  // Stryker disable next-line ConditionalExpression: equivalent, a member's groups always list the group it leaves (at is never -1)
  if (at !== -1) groups.splice(at, 1);
  if (groups.length !== 0) return;
  m.joined.delete(pid);
  // Stryker disable next-line ConditionalExpression: equivalent, `nodes` lists remote members only, so a local pid's node finds nothing there
  if (!remote) return;
  const ofNode = m.nodes.get(pid.node);
  // Stryker disable next-line OptionalChaining: unreachable, a remote member's node is always in `nodes` (the guard is for the type)
  ofNode?.delete(pid);
  // Stryker disable next-line OptionalChaining: unreachable, as above
  if (ofNode?.size === 0) m.nodes.delete(pid.node);
}

/**
 * Local processes join `group`, each once per occurrence in `pids` (Erlang's `pg:join`: a process
 * may join a group several times and must then leave it as often). Null when `pids` is empty.
 */
export function join(m: Membership, group: string, pids: readonly Pid[]): MembershipDiff | null {
  return add(m, group, pids, false);
}

/** Processes of other nodes join `group` (a diff received from the node they live on). */
export function joinRemote(m: Membership, group: string, pids: readonly Pid[]): MembershipDiff | null {
  return add(m, group, pids, true);
}

/**
 * Each occurrence of a pid in `pids` leaves `group` once; a pid that is not (or no longer) in the
 * group is skipped. Returns the pids that did leave, or null when none did (Erlang's `not_joined`).
 * Works for local and remote members alike.
 */
export function leave(m: Membership, group: string, pids: readonly Pid[]): MembershipDiff | null {
  const entry = m.groups.get(group);
  if (entry === undefined) return null;
  const left: Pid[] = [];
  for (const pid of pids) {
    const remote = !entry.local.has(pid);
    const counts = remote ? entry.remote : entry.local;
    const count = counts.get(pid);
    if (count === undefined) continue;
    left.push(pid);
    if (count > 1) counts.set(pid, count - 1);
    else forget(m, group, entry, pid, remote);
  }
  return left.length === 0 ? null : leaveDiff(group, Object.freeze(left));
}

/** `pid` leaves every group it joined, as often as it joined each (its process exited): one leave diff per group. */
export function removePid(m: Membership, pid: Pid): MembershipDiff[] {
  const groups = m.joined.get(pid);
  if (groups === undefined) return [];
  const diffs: MembershipDiff[] = [];
  for (const group of [...groups]) {
    const entry = m.groups.get(group);
    // Stryker disable next-line ConditionalExpression: unreachable, each group in `joined` has an entry (the guard is for the type)
    if (entry === undefined) continue;
    const remote = !entry.local.has(pid);
    const count = (remote ? entry.remote : entry.local).get(pid) ?? 0;
    forget(m, group, entry, pid, remote);
    diffs.push(leaveDiff(group, Object.freeze(new Array<Pid>(count).fill(pid))));
  }
  return diffs;
}

/** Appends each pid of `counts` to `into` as many times as it counts; returns `into`. */
export function expand(counts: Map<Pid, number>, into: Pid[]): Pid[] {
  for (const [pid, count] of counts) for (let i = 0; i < count; i++) into.push(pid);
  return into;
}

/** Every member of `group`, local then remote, a pid once per join (Erlang's `get_members`). */
export function members(m: Membership, group: string): Pid[] {
  const entry = m.groups.get(group);
  return entry === undefined ? [] : expand(entry.remote, expand(entry.local, []));
}

/** The local members of `group`, a pid once per join (Erlang's `get_local_members`). */
export function localMembers(m: Membership, group: string): Pid[] {
  const entry = m.groups.get(group);
  return entry === undefined ? [] : expand(entry.local, []);
}

/** The distinct local members of `group`: a cached array, shared until membership changes; do not mutate it. */
export function distinctLocalMembers(m: Membership, group: string): readonly Pid[] {
  const entry = m.groups.get(group);
  if (entry === undefined) return NONE;
  return (entry.distinctLocal ??= [...entry.local.keys()]);
}

/** The distinct remote members of `group` (a new array; empty and shared when there are none). */
export function distinctRemoteMembers(m: Membership, group: string): readonly Pid[] {
  const entry = m.groups.get(group);
  return entry === undefined || entry.remote.size === 0 ? NONE : [...entry.remote.keys()];
}

/** Every group with at least one member. */
export function whichGroups(m: Membership): string[] {
  return [...m.groups.keys()];
}

/** Every group with at least one local member. */
export function whichLocalGroups(m: Membership): string[] {
  const groups: string[] = [];
  for (const [group, entry] of m.groups) if (entry.local.size !== 0) groups.push(group);
  return groups;
}

/** True while `pid` is in at least one group. */
export function isMember(m: Membership, pid: Pid): boolean {
  return m.joined.has(pid);
}
