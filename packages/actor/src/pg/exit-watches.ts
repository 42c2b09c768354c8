// One exit watch per process a pg scope keeps track of (its members and subscribers), released when no longer needed.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * The exit watches of a scope: at most one `runtime.watchExit` per pid however many groups it
 * joined or subscriptions it holds, so that an exit is one callback and leaving is O(its groups).
 */
export class ExitWatches {
  private readonly unwatch = new Map<Pid, () => void>();

  constructor(
    private readonly runtime: Runtime,
    private readonly onExit: (pid: Pid, reason: ExitReason) => void,
  ) {}

  /** Watches `pid` unless it already is; false (and no watch) when it is not alive on this node. */
  watch(pid: Pid): boolean {
    if (this.unwatch.has(pid)) return true;
    const off = this.runtime.watchExit(pid, (reason) => {
      this.unwatch.delete(pid);
      this.onExit(pid, reason);
    });
    if (off === null) return false;
    this.unwatch.set(pid, off);
    return true;
  }

  /** Stops watching `pid`. */
  release(pid: Pid): void {
    const off = this.unwatch.get(pid);
    if (off === undefined) return;
    this.unwatch.delete(pid);
    off();
  }

  /** The number of watched pids. */
  get size(): number {
    return this.unwatch.size;
  }

  /** Stops watching every pid. */
  clear(): void {
    for (const off of this.unwatch.values()) off();
    this.unwatch.clear();
  }
}
