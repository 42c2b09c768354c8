// The cluster-wide name table of one node as data: who owns which global name, and the rule that settles a clash.
import type { Pid } from '../kernel/pid.js';

/** What a claim did to the table. */
export type ClaimOutcome =
  | { type: 'added' }
  | { type: 'same' }
  /** The name stays with its owner; `loser` (the claimant) lost the clash. */
  | { type: 'kept'; loser: Pid }
  /** The claimant took the name; `loser` (its former owner) lost the clash. */
  | { type: 'replaced'; loser: Pid };

/**
 * The clash rule, the same on every node so that all agree without a leader: the pid of the lowest
 * node name wins, then the lowest creation (an older incarnation is down anyway), then the lowest process id.
 */
export function winsClash(a: Pid, b: Pid): boolean {
  if (a.node !== b.node) return a.node < b.node;
  if (a.home.creation !== b.home.creation) return a.home.creation < b.home.creation;
  return a.id < b.id;
}

/** Global names -> owners, and owners -> their names (a pid may own several names). */
export class GlobalNames {
  private readonly byName = new Map<string, Pid>();
  private readonly byPid = new Map<Pid, Set<string>>();

  /** The owner of `name`, if any. */
  whereis(name: string): Pid | undefined {
    return this.byName.get(name);
  }

  /** Every name, sorted. */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** The names `pid` owns. */
  namesOf(pid: Pid): string[] {
    return [...(this.byPid.get(pid) ?? [])];
  }

  /** Every (name, owner) whose owner lives on node `node`. */
  ownedBy(node: string): Array<[string, Pid]> {
    const owned: Array<[string, Pid]> = [];
    for (const [name, pid] of this.byName) if (pid.node === node) owned.push([name, pid]);
    return owned;
  }

  /** `pid` claims `name`: added, already so, or a clash settled by {@link winsClash}. */
  claim(name: string, pid: Pid): ClaimOutcome {
    const owner = this.byName.get(name);
    if (owner === undefined) {
      this.set(name, pid);
      return { type: 'added' };
    }
    if (owner === pid) return { type: 'same' };
    if (winsClash(owner, pid)) return { type: 'kept', loser: pid };
    this.remove(name, owner);
    this.set(name, pid);
    return { type: 'replaced', loser: owner };
  }

  /** Removes `name` when `pid` owns it; true when it did. */
  remove(name: string, pid: Pid): boolean {
    if (this.byName.get(name) !== pid) return false;
    this.byName.delete(name);
    const names = this.byPid.get(pid);
    names?.delete(name);
    if (names?.size === 0) this.byPid.delete(pid);
    return true;
  }

  /** Removes every name owned by a pid of node `node` (it went down); returns them. */
  dropNode(node: string): Array<[string, Pid]> {
    const owned = this.ownedBy(node);
    for (const [name, pid] of owned) this.remove(name, pid);
    return owned;
  }

  private set(name: string, pid: Pid): void {
    this.byName.set(name, pid);
    let names = this.byPid.get(pid);
    if (names === undefined) this.byPid.set(pid, (names = new Set()));
    names.add(name);
  }
}
