// Monitors: one-way, one DOWN each, recorded on the watcher (ref -> target) and the target (ref -> watcher).
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import type { Process } from './process.js';

/** Records that `watcher` monitors `target` under `ref`. */
export function addMonitor(watcher: Process, target: Process, ref: Ref): void {
  (watcher.extra().monitors ??= new Map()).set(ref, target.pid);
  (target.extra().monitoredBy ??= new Map()).set(ref, watcher.pid);
}

/** Removes the monitor `ref` held by `watcher`; returns the monitored pid, or undefined when it was not active. */
export function removeMonitor(watcher: Process, ref: Ref): Pid | undefined {
  const target = watcher.ext?.monitors?.get(ref);
  if (target === undefined) return undefined;
  watcher.ext?.monitors?.delete(ref);
  (target.proc as Process | null)?.ext?.monitoredBy?.delete(ref);
  return target;
}

/** Removes every monitor on `p` and returns them as [ref, watcher] pairs, for DOWN messages. */
export function takeWatchers(p: Process): Array<[Ref, Pid]> {
  const by = p.ext?.monitoredBy;
  if (by === null || by === undefined || by.size === 0) return [];
  const pairs = [...by];
  by.clear();
  for (const [ref, watcher] of pairs) (watcher.proc as Process | null)?.ext?.monitors?.delete(ref);
  return pairs;
}

/**
 * Removes every monitor `p` holds (it is exiting: those monitors can never fire to it); `release` is
 * told of each one whose target has no local process (a remote pid, or a dead one).
 */
export function dropMonitors(p: Process, release: (ref: Ref, target: Pid) => void): void {
  const held = p.ext?.monitors;
  if (held === null || held === undefined) return;
  for (const [ref, target] of held) {
    const proc = target.proc as Process | null;
    if (proc !== null) proc.ext?.monitoredBy?.delete(ref);
    else release(ref, target);
  }
  held.clear();
}
