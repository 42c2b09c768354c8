// A supervisor's children in start order: their specs and processes, looked up by id or pid.
import type { Pid } from '../kernel/pid.js';
import type { ChildSpec } from './child-spec.js';
import type { ChildFacts } from './restart-strategy.js';
import type { ChildCounts, ChildInfo } from './supervisor-messages.js';

/** One child: its spec, its process when it runs, and whether a failed restart is being retried. */
export interface ChildRecord {
  readonly spec: ChildSpec;
  pid: Pid | undefined;
  restarting: boolean;
}

/** The children of one supervisor, in start order (a child added later starts, and is listed, after the others). */
export class ChildTable {
  private children: ChildRecord[] = [];

  /** Every child, in start order. */
  get all(): readonly ChildRecord[] {
    return this.children;
  }

  /** The child with this id. */
  get(id: string): ChildRecord | undefined {
    return this.children.find((c) => c.spec.id === id);
  }

  /** The child whose process is `pid`. */
  byPid(pid: Pid): ChildRecord | undefined {
    return this.children.find((c) => c.pid === pid);
  }

  /** Adds a child after the others. */
  add(spec: ChildSpec, pid: Pid | undefined): ChildRecord {
    const record: ChildRecord = { spec, pid, restarting: false };
    this.children.push(record);
    return record;
  }

  /** Forgets the child with this id. */
  remove(id: string): void {
    this.children = this.children.filter((c) => c.spec.id !== id);
  }

  /** What the restart strategy needs to know of each child, in start order. */
  facts(): ChildFacts[] {
    return this.children.map((c) => ({ id: c.spec.id, restart: c.spec.restart, running: c.pid !== undefined }));
  }

  /** The children as `whichChildren` lists them. */
  info(): ChildInfo[] {
    return this.children.map((c) => ({ id: c.spec.id, pid: c.pid, restarting: c.restarting, type: c.spec.type }));
  }

  /** The counts `countChildren` answers. */
  counts(): ChildCounts {
    let active = 0;
    let supervisors = 0;
    for (const c of this.children) {
      if (c.pid !== undefined) active++;
      if (c.spec.type === 'supervisor') supervisors++;
    }
    return { specs: this.children.length, active, supervisors, workers: this.children.length - supervisors };
  }
}
