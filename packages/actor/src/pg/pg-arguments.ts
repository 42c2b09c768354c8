// Checks of what pg is given: a node or process context, group names, pids, and that the pids are live processes of this node.
import { CorralError } from '../kernel/corral-error.js';
import { Pid } from '../kernel/pid.js';
import { Node } from '../node/node.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { DEAD, EXITING } from '../runtime/process-flags.js';
import type { Process } from '../runtime/process.js';
import { Runtime } from '../runtime/runtime.js';

/** Throws `badGroup` unless `group` is a string. */
export function checkGroup(group: unknown, what: string): asserts group is string {
  if (typeof group !== 'string') throw new CorralError('badGroup', `${what}: ${String(group)}`);
}

/** `pids` as a list: a pid alone, or an array of pids; throws `badPid` for anything else. */
export function pidList(pids: unknown, what: string): readonly Pid[] {
  if (pids instanceof Pid) return [pids];
  if (!Array.isArray(pids)) throw new CorralError('badPid', `${what}: ${String(pids)}`);
  for (const pid of pids) if (!(pid instanceof Pid)) throw new CorralError('badPid', `${what}: ${String(pid)}`);
  return pids as readonly Pid[];
}

/** The process of `pid` when it is a live process of this node, else null. */
export function liveProcess(runtime: Runtime, pid: Pid): Process | null {
  const p = pid.home === runtime ? (pid.proc as Process | null) : null;
  return p === null || (p.flags & (DEAD | EXITING)) !== 0 ? null : p;
}

/** Throws `noproc` unless every pid is a live process of this node. */
export function checkAlive(runtime: Runtime, pids: readonly Pid[], what: string): void {
  for (const pid of pids) {
    if (liveProcess(runtime, pid) === null) throw new CorralError('noproc', `${what}: ${pid.toString()} is not a live process of ${runtime.name}`);
  }
}

/** Throws `noproc` unless every pid belongs to this node (only local processes join and leave, as in Erlang). */
export function checkLocal(runtime: Runtime, pids: readonly Pid[], what: string): void {
  for (const pid of pids) {
    if (pid.home !== runtime) throw new CorralError('noproc', `${what}: ${pid.toString()} is not a process of ${runtime.name}`);
  }
}

/** The runtime of a node or of a process context; `badOption` for anything else. */
export function runtimeOf(via: Node | ProcessContext, what: string): Runtime {
  if (via instanceof Node) return via.runtime;
  const home = (via as Partial<ProcessContext> | null)?.self?.home;
  if (!(home instanceof Runtime)) throw new CorralError('badOption', `${what}: not a node nor a process context`);
  return home;
}
