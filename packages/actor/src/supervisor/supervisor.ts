// Supervisor: start and startLink, and the client functions, gathered as Erlang's supervisor module.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import { stopServer } from '../gen-server/call.js';
import type { ServerRef } from '../gen-server/server-ref.js';
import type { Node } from '../node/node.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { callSupervisor } from './call-supervisor.js';
import type { ChildSpecInput } from './child-spec.js';
import { launchSupervisor, type SupervisorStartOptions } from './launch-supervisor.js';
import { requests, type ChildCounts, type ChildInfo } from './supervisor-messages.js';
import { supervisorBody } from './supervisor-process.js';
import { normalizeSupervisorSpec, type SupervisorSpec } from './supervisor-spec.js';

function launch(via: Node | ProcessContext, spec: SupervisorSpec, opts: SupervisorStartOptions, link: boolean): Promise<Pid> {
  try {
    return launchSupervisor(via, supervisorBody(normalizeSupervisorSpec(spec)), opts, link);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Starts a supervisor without a link and resolves with its pid once every child started, in order.
 * Rejects with `startFailed` when a child fails (the children already started are stopped first;
 * `error.reason` is `{ shutdown: { failedToStartChild: id, reason } }`), `badOption`,
 * `badChildSpec` or `duplicateChild` for a bad spec, `alreadyStarted` for a taken name. An exit
 * signal from the caller (the node's root pid from outside any process: `node.exit(pid, 'shutdown')`)
 * stops it in order.
 */
function start(via: Node | ProcessContext, spec: SupervisorSpec, opts: SupervisorStartOptions = {}): Promise<Pid> {
  return launch(via, spec, opts, false);
}

/** Starts a supervisor linked to the calling process, as a child spec of another supervisor does; see {@link start}. */
function startLink(ctx: ProcessContext, spec: SupervisorSpec, opts: SupervisorStartOptions = {}): Promise<Pid> {
  return launch(ctx, spec, opts, true);
}

/**
 * Adds a child after the others and starts it. Resolves with its pid, or `undefined` when its start
 * was ignored (a child that is not temporary is then kept, not running). Rejects `duplicateChild`,
 * `badChildSpec` or `startFailed`.
 */
function startChild(sup: ServerRef, spec: ChildSpecInput): Promise<Pid | undefined> {
  return callSupervisor(sup, requests.startChild(spec));
}

/** Stops a child (see the child spec's `shutdown`); its spec stays unless it is temporary. Rejects `childNotFound`. */
function terminateChild(sup: ServerRef, id: string): Promise<void> {
  return callSupervisor(sup, requests.terminateChild(id));
}

/** Starts a child that is not running again. Rejects `childNotFound`, `childRunning` (running or restarting) or `startFailed`. */
function restartChild(sup: ServerRef, id: string): Promise<Pid | undefined> {
  return callSupervisor(sup, requests.restartChild(id));
}

/** Forgets the spec of a child that is not running. Rejects `childNotFound` or `childRunning`. */
function deleteChild(sup: ServerRef, id: string): Promise<void> {
  return callSupervisor(sup, requests.deleteChild(id));
}

/** The children, in start order, with their pids (undefined when not running). */
function whichChildren(sup: ServerRef): Promise<ChildInfo[]> {
  return callSupervisor(sup, requests.whichChildren());
}

/** How many children there are: specs, active (running), supervisors and workers. */
function countChildren(sup: ServerRef): Promise<ChildCounts> {
  return callSupervisor(sup, requests.countChildren());
}

/** Stops a supervisor: its children are stopped in reverse start order, then it exits with `reason` (default `'normal'`). */
function stop(sup: ServerRef, reason: ExitReason = 'normal', timeout = Infinity): Promise<void> {
  return stopServer(sup, reason, timeout);
}

// Each member is tagged @function so that the API reference documents it as the function it is.
/**
 * Erlang's `supervisor` (without `simple_one_for_one`; see `DynamicSupervisor`): `start` and
 * `startLink` (resolve once every child started), and the client functions `startChild`,
 * `terminateChild`, `restartChild`, `deleteChild`, `whichChildren`, `countChildren` and `stop`,
 * which take a pid or `{ node, name }` and call the supervisor without a timeout.
 *
 * @namespace
 */
export const Supervisor = {
  /** @function */
  start,
  /** @function */
  startLink,
  /** @function */
  startChild,
  /** @function */
  terminateChild,
  /** @function */
  restartChild,
  /** @function */
  deleteChild,
  /** @function */
  whichChildren,
  /** @function */
  countChildren,
  /** @function */
  stop,
} as const;
