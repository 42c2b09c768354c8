// Links: bidirectional, one per pair, stored on both processes.
import type { Pid } from '../kernel/pid.js';
import type { Process } from './process.js';

/** Links `a` and `b` (idempotent). */
export function addLink(a: Process, b: Process): void {
  (a.extra().links ??= new Set()).add(b.pid);
  (b.extra().links ??= new Set()).add(a.pid);
}

/** Removes the link between `a` and `b`, if any. */
export function removeLink(a: Process, b: Process): void {
  a.ext?.links?.delete(b.pid);
  b.ext?.links?.delete(a.pid);
}

/** Removes every link of `p` (from both sides) and returns the pids it was linked to. */
export function takeLinks(p: Process): Pid[] {
  const links = p.ext?.links;
  if (links === null || links === undefined || links.size === 0) return [];
  const pids = [...links];
  links.clear();
  for (const pid of pids) (pid.proc as Process | null)?.ext?.links?.delete(p.pid);
  return pids;
}
