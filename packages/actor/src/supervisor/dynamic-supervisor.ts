// DynamicSupervisor: OTP's simple_one_for_one, many children of one spec started on demand.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import { stopServer } from '../gen-server/call.js';
import type { ServerRef } from '../gen-server/server-ref.js';
import type { Node } from '../node/node.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { callSupervisor } from './call-supervisor.js';
import { dynamicSupervisorBody } from './dynamic-supervisor-process.js';
import { normalizeDynamicSupervisorSpec, type DynamicSupervisorSpec } from './dynamic-supervisor-spec.js';
import { launchSupervisor, type SupervisorStartOptions } from './launch-supervisor.js';
import { requests, type ChildCounts, type DynamicChildInfo } from './supervisor-messages.js';

function launch<Args extends unknown[]>(via: Node | ProcessContext, spec: DynamicSupervisorSpec<Args>, opts: SupervisorStartOptions, link: boolean): Promise<Pid> {
  try {
    return launchSupervisor(via, dynamicSupervisorBody(normalizeDynamicSupervisorSpec(spec)), opts, link);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Starts a dynamic supervisor without a link; it starts no child until asked. Rejects `badOption`
 * or `badChildSpec` for a bad spec, `alreadyStarted` for a taken name.
 */
function start<Args extends unknown[]>(via: Node | ProcessContext, spec: DynamicSupervisorSpec<Args>, opts: SupervisorStartOptions = {}): Promise<Pid> {
  return launch(via, spec, opts, false);
}

/** Starts a dynamic supervisor linked to the calling process; see {@link start}. */
function startLink<Args extends unknown[]>(ctx: ProcessContext, spec: DynamicSupervisorSpec<Args>, opts: SupervisorStartOptions = {}): Promise<Pid> {
  return launch(ctx, spec, opts, true);
}

/**
 * Starts a child: the spec's `start(ctx, ...args)`. Resolves with its pid, or `undefined` when its
 * start was ignored. Rejects `maxChildren` when the supervisor has its maximum number of children,
 * `startFailed` when the start failed.
 */
function startChild(sup: ServerRef, ...args: unknown[]): Promise<Pid | undefined> {
  return callSupervisor(sup, requests.startDynamicChild(args));
}

/** Stops the child `pid` (see the spec's `shutdown`) and forgets it. Rejects `childNotFound` when `pid` is not a child. */
function terminateChild(sup: ServerRef, pid: Pid): Promise<void> {
  return callSupervisor(sup, requests.terminateDynamicChild(pid));
}

/** The children, in start order. */
function whichChildren(sup: ServerRef): Promise<DynamicChildInfo[]> {
  return callSupervisor(sup, requests.whichChildren());
}

/** How many children there are (`specs` is always 1, as in OTP). */
function countChildren(sup: ServerRef): Promise<ChildCounts> {
  return callSupervisor(sup, requests.countChildren());
}

/** Stops a dynamic supervisor: every child is stopped at once, then it exits with `reason` (default `'normal'`). */
function stop(sup: ServerRef, reason: ExitReason = 'normal', timeout = Infinity): Promise<void> {
  return stopServer(sup, reason, timeout);
}

// Each member is tagged @function so that the API reference documents it as the function it is.
/**
 * A supervisor of many children of one spec (OTP's `simple_one_for_one`, Elixir's
 * `DynamicSupervisor`): children are started on demand with extra arguments, are `temporary` unless
 * the spec says otherwise, are restarted one by one within the restart intensity, and are stopped
 * together when the supervisor stops.
 *
 * @namespace
 */
export const DynamicSupervisor = {
  /** @function */
  start,
  /** @function */
  startLink,
  /** @function */
  startChild,
  /** @function */
  terminateChild,
  /** @function */
  whichChildren,
  /** @function */
  countChildren,
  /** @function */
  stop,
} as const;
