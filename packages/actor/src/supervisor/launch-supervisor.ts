// Spawning a supervisor process and resolving its start once every child started (a synchronous start, like proc_lib).
import { CorralError, isCorralError } from '../kernel/corral-error.js';
import { formatReason, type ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import { Node } from '../node/node.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { Runtime } from '../runtime/runtime.js';

/** Options of `Supervisor.start`/`startLink` and `DynamicSupervisor.start`/`startLink`. */
export interface SupervisorStartOptions {
  /** Register the supervisor under this name (a taken name rejects with `alreadyStarted`). */
  name?: string;
}

/** How a supervisor process tells its starter how its init went. */
export interface Starter {
  started(): void;
  /** The start failed: the supervisor exits with `reason`; `detail` says why, `cause` is the underlying failure. */
  failed(reason: ExitReason, detail?: string, cause?: unknown): void;
}

/**
 * A supervisor's body: `parent` is the process whose exit signal stops it (the linked starter, the
 * caller of a non-linked start, or the node's root pid for a start from outside any process).
 */
export type SupervisorBody = (ctx: ProcessContext, starter: Starter, parent: Pid) => Promise<void>;

function runtimeOf(via: Node | ProcessContext): Runtime {
  const home = via instanceof Node ? via.runtime : (via as Partial<ProcessContext> | null)?.self?.home;
  if (!(home instanceof Runtime)) throw new CorralError('badOption', 'start: not a node nor a process context');
  return home;
}

function spawnSupervisor(via: Node | ProcessContext, runtime: Runtime, body: (ctx: ProcessContext) => Promise<void>, opts: SupervisorStartOptions, link: boolean): Pid {
  const spawnOpts = { name: opts.name, kind: 'supervisor', link };
  try {
    return via instanceof Node ? via.spawn(body, spawnOpts) : via.spawn(body, spawnOpts);
  } catch (error) {
    if (!isCorralError(error, 'nameTaken')) throw error;
    const holder = runtime.whereis(opts.name as string);
    throw new CorralError('alreadyStarted', `${opts.name as string} is ${String(holder)}`, { reason: holder });
  }
}

/**
 * Spawns a supervisor running `body` (linked to `via` when `link`) and resolves with its pid once the
 * body calls `started()`. Rejects with `startFailed` (the reason in `error.reason`) when the body
 * calls `failed` or the process exits first, with `alreadyStarted` for a taken name.
 */
export function launchSupervisor(via: Node | ProcessContext, body: SupervisorBody, opts: SupervisorStartOptions, link: boolean): Promise<Pid> {
  return new Promise<Pid>((resolve, reject) => {
    const runtime = runtimeOf(via);
    if (link && via instanceof Node) throw new CorralError('badOption', 'startLink needs a process context to link to; use start from a node');
    const parent = via instanceof Node ? runtime.rootPid : via.self;
    let settled = false;
    let unwatch: (() => void) | null = null;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      unwatch?.();
      outcome();
    };
    const starter: Starter = {
      // The body runs only after the spawn below returned, so `pid` is set by then.
      started: () => settle(() => resolve(pid)),
      failed: (reason, detail, cause) => settle(() => reject(new CorralError('startFailed', detail ?? formatReason(reason), { reason, cause }))),
    };
    const pid = spawnSupervisor(via, runtime, (ctx) => body(ctx, starter, parent), opts, link);
    unwatch = runtime.watchExit(pid, (reason) => starter.failed(reason));
  });
}
