// The node-to-node side of a pg membership: what a peer is told, and how a peer's sync or its loss applies.
import type { Pid } from '../kernel/pid.js';
import { expand, joinDiff, joinRemote, leave, removePid, type Membership, type MembershipDiff } from './membership.js';

/** Every member of the node named `node` leaves every group (the node went down): the leave diffs. */
export function dropNode(m: Membership, node: string): MembershipDiff[] {
  const pids = m.nodes.get(node);
  if (pids === undefined) return [];
  const diffs: MembershipDiff[] = [];
  for (const pid of [...pids]) diffs.push(...removePid(m, pid));
  return diffs;
}

/** The local membership as join diffs, one per group: what a peer needs to learn it from scratch. */
export function localJoins(m: Membership): MembershipDiff[] {
  const diffs: MembershipDiff[] = [];
  for (const [group, entry] of m.groups) if (entry.local.size !== 0) diffs.push(joinDiff(group, expand(entry.local, [])));
  return diffs;
}

/** The remote members of node `node`: group -> pid -> join count. */
function membersOfNode(m: Membership, node: string): Map<string, Map<Pid, number>> {
  const held = new Map<string, Map<Pid, number>>();
  for (const pid of m.nodes.get(node) ?? []) {
    for (const group of m.joined.get(pid) ?? []) {
      const count = m.groups.get(group)?.remote.get(pid);
      if (count === undefined) continue;
      let pids = held.get(group);
      if (pids === undefined) held.set(group, (pids = new Map()));
      pids.set(pid, count);
    }
  }
  return held;
}

function tally(pids: readonly Pid[]): Map<Pid, number> {
  const counts = new Map<Pid, number>();
  for (const pid of pids) counts.set(pid, (counts.get(pid) ?? 0) + 1);
  return counts;
}

function repeat(pid: Pid, times: number, into: Pid[]): void {
  for (let i = 0; i < times; i++) into.push(pid);
}

/**
 * Node `node` told its whole local membership (`groups`: group -> its pids there, a pid once per
 * join): its remote members here become exactly that (Erlang's pg `sync`). Returns the net change
 * as diffs (leaves first), so subscribers hear only what really changed.
 */
export function syncNode(m: Membership, node: string, groups: ReadonlyMap<string, readonly Pid[]>): MembershipDiff[] {
  const held = membersOfNode(m, node);
  const diffs: MembershipDiff[] = [];
  const joins: MembershipDiff[] = [];
  for (const group of new Set([...held.keys(), ...groups.keys()])) {
    const before = held.get(group) ?? new Map<Pid, number>();
    const after = tally(groups.get(group) ?? []);
    const gone: Pid[] = [];
    const come: Pid[] = [];
    for (const [pid, count] of before) repeat(pid, count - (after.get(pid) ?? 0), gone);
    for (const [pid, count] of after) repeat(pid, count - (before.get(pid) ?? 0), come);
    const left = leave(m, group, gone);
    if (left !== null) diffs.push(left);
    const joined = joinRemote(m, group, come);
    if (joined !== null) joins.push(joined);
  }
  return diffs.concat(joins);
}
