// Which local processes hold links or monitors with each remote node, and who watches which node.
import type { Pid } from '../kernel/pid.js';

function add(index: Map<string, Set<Pid>>, node: string, pid: Pid): void {
  let set = index.get(node);
  if (set === undefined) index.set(node, (set = new Set()));
  set.add(pid);
}

function prune(index: Map<string, Set<Pid>>): void {
  for (const [node, set] of index) {
    for (const pid of set) if (pid.proc === null) set.delete(pid);
    if (set.size === 0) index.delete(node);
  }
}

/**
 * Two indexes by node name, so a node going down touches only the processes concerned: the local
 * pids with a link or monitor involving that node (a superset: entries are not removed on unlink,
 * only pruned when their process exits), and the pids that called `monitorNode` on it.
 */
export class RemoteWatches {
  private readonly involved = new Map<string, Set<Pid>>();
  private readonly subscribers = new Map<string, Set<Pid>>();

  /** Local `pid` now has a link or monitor with a process of `node`. */
  involve(node: string, pid: Pid): void {
    add(this.involved, node, pid);
  }

  /** Removes and returns the local pids involved with `node` (it went down). */
  takeInvolved(node: string): Set<Pid> {
    const set = this.involved.get(node) ?? new Set<Pid>();
    this.involved.delete(node);
    return set;
  }

  /** `pid` watches node `node` (on), or no longer does (off). */
  subscribe(node: string, pid: Pid, on: boolean): void {
    if (on) return add(this.subscribers, node, pid);
    const set = this.subscribers.get(node);
    set?.delete(pid);
    if (set?.size === 0) this.subscribers.delete(node);
  }

  /** The pids watching node `node`. */
  subscribersOf(node: string): Pid[] {
    return [...(this.subscribers.get(node) ?? [])];
  }

  /** Forgets the pids of processes that exited (called on each heartbeat tick). */
  prune(): void {
    prune(this.involved);
    prune(this.subscribers);
  }
}
