// The live processes of a node: an intrusive list (two fields per process, no Map entry) and the id counter.
import type { Process } from './process.js';

/**
 * The processes alive on a node. Processes are reached through their pids, so the table only has to
 * list them (for `processes()`, observers and node shutdown) and count them.
 */
export class ProcessTable {
  private head: Process | null = null;
  private lastId = 0;
  /** The number of live processes. */
  size = 0;

  /** A fresh process number; numbers are never reused within a node's incarnation. */
  nextId(): number {
    return ++this.lastId;
  }

  add(p: Process): void {
    p.next = this.head;
    if (this.head !== null) this.head.prev = p;
    this.head = p;
    this.size++;
  }

  remove(p: Process): void {
    if (p.prev !== null) p.prev.next = p.next;
    else if (this.head === p) this.head = p.next;
    else return;
    if (p.next !== null) p.next.prev = p.prev;
    p.prev = null;
    p.next = null;
    this.size--;
  }

  /** The live processes, oldest first. */
  list(): Process[] {
    const out: Process[] = [];
    for (let p = this.head; p !== null; p = p.next) out.push(p);
    return out.reverse();
  }
}
