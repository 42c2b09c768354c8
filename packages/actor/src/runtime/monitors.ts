// Monitors: one-way, one DOWN each, recorded on the watcher (ref -> target) and the target (ref -> watcher).
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import type { RemoteName } from './process-context.js';
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

/** Records that `watcher`'s monitor `ref` was set on `{ name, node }` (see `ProcessExt.namedMonitors`). */
export function addNamedMonitor(watcher: Process, ref: Ref, name: RemoteName): void {
  (watcher.extra().namedMonitors ??= new Map()).set(ref, name);
}

/** Removes and returns the name `watcher`'s monitor `ref` was set on, if it was set on a name. */
export function takeNamedMonitor(watcher: Process, ref: Ref): RemoteName | undefined {
  const named = watcher.ext?.namedMonitors;
  const name = named?.get(ref);
  if (name !== undefined) named?.delete(ref);
  return name;
}

/** Removes every monitor on a name that `p` holds (it is exiting); `release` is told of each. */
export function dropNamedMonitors(p: Process, release: (ref: Ref, name: RemoteName) => void): void {
  const held = p.ext?.namedMonitors;
  if (held === null || held === undefined) return;
  for (const [ref, name] of held) release(ref, name);
  held.clear();
}
