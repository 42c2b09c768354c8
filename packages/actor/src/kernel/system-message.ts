// System messages a process receives: EXIT (a trapped exit signal), DOWN (a monitor fired), NODE_UP and NODE_DOWN.
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import type { Ref } from './ref.js';

/**
 * A trapped exit signal: a linked process exited, or someone called `exit(pid, reason)`. Only
 * delivered to processes that called `trapExit(true)`. It is a class, so a user message that merely
 * looks like it (`{ type: 'EXIT' }`) is told apart by {@link isExitMessage}.
 */
export class ExitMessage {
  /** Always `'EXIT'`. */
  readonly type = 'EXIT' as const;
  /** @internal Made by the runtime only. */
  constructor(
    /** The process that exited (or that sent the exit signal). */
    readonly from: Pid,
    /** Why: its exit reason, or the reason given to `exit(pid, reason)`. */
    readonly reason: ExitReason,
  ) {}
}

/** A registered name on a node, as a DOWN of a monitor set on `{ name, node }` names it. */
export interface MonitoredName {
  /** The registered name. */
  readonly name: string;
  /** The node it is registered on. */
  readonly node: string;
}

/**
 * A monitor fired: the monitored process exited (or did not exist: `'noproc'`; or its node went
 * down: `'noconnection'`).
 */
export class DownMessage {
  /** Always `'DOWN'`. */
  readonly type = 'DOWN' as const;
  /** @internal Made by the runtime only. */
  constructor(
    /** The monitor's ref, as `monitor` returned it. */
    readonly ref: Ref,
    /** The monitored process: its pid, or `{ name, node }` when the monitor was set on that (as in Erlang). */
    readonly pid: Pid | MonitoredName,
    /** Its exit reason (`'noproc'` when it was not alive when the monitor was set). */
    readonly reason: ExitReason,
  ) {}
}

/** A node that `monitorNode(name)` watches has connected (again). */
export class NodeUpMessage {
  /** Always `'NODE_UP'`. */
  readonly type = 'NODE_UP' as const;
  /** @internal Made by the runtime only. */
  constructor(
    /** The node's name. */
    readonly node: string,
  ) {}
}

/** A node that `monitorNode(name)` watches is down (stopped, crashed, unreachable), or was not connected when the monitor was set. */
export class NodeDownMessage {
  /** Always `'NODE_DOWN'`. */
  readonly type = 'NODE_DOWN' as const;
  /** @internal Made by the runtime only. */
  constructor(
    /** The node's name. */
    readonly node: string,
    /** Why: `'noconnection'`. */
    readonly reason: ExitReason,
  ) {}
}

/** The system messages. */
export type SystemMessage = ExitMessage | DownMessage | NodeUpMessage | NodeDownMessage;

/** True when `msg` is an EXIT message made by the runtime. */
export function isExitMessage(msg: unknown): msg is ExitMessage {
  return msg instanceof ExitMessage;
}

/** True when `msg` is a DOWN message made by the runtime; with `ref`, only the DOWN of that monitor. */
export function isDownMessage(msg: unknown, ref?: Ref): msg is DownMessage {
  return msg instanceof DownMessage && (ref === undefined || msg.ref === ref);
}

/** True when `msg` is a NODE_UP message made by the runtime; with `node`, only one about that node. */
export function isNodeUpMessage(msg: unknown, node?: string): msg is NodeUpMessage {
  return msg instanceof NodeUpMessage && (node === undefined || msg.node === node);
}

/** True when `msg` is a NODE_DOWN message made by the runtime; with `node`, only one about that node. */
export function isNodeDownMessage(msg: unknown, node?: string): msg is NodeDownMessage {
  return msg instanceof NodeDownMessage && (node === undefined || msg.node === node);
}
