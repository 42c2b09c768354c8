// System messages a process receives: EXIT (a trapped exit signal) and DOWN (a monitor fired).
import type { ExitReason } from './exit-reason.js';
import type { Pid } from './pid.js';
import type { Ref } from './ref.js';

/**
 * A trapped exit signal: a linked process exited, or someone called `exit(pid, reason)`. Only
 * delivered to processes that called `trapExit(true)`. It is a class, so a user message that merely
 * looks like it (`{ type: 'EXIT' }`) is told apart by {@link isExitMessage}.
 */
export class ExitMessage {
  readonly type = 'EXIT' as const;
  constructor(
    readonly from: Pid,
    readonly reason: ExitReason,
  ) {}
}

/** A monitor fired: the monitored process exited (or did not exist: `'noproc'`). */
export class DownMessage {
  readonly type = 'DOWN' as const;
  constructor(
    readonly ref: Ref,
    readonly pid: Pid,
    readonly reason: ExitReason,
  ) {}
}

/** The system messages. */
export type SystemMessage = ExitMessage | DownMessage;

/** True when `msg` is an EXIT message made by the runtime. */
export function isExitMessage(msg: unknown): msg is ExitMessage {
  return msg instanceof ExitMessage;
}

/** True when `msg` is a DOWN message made by the runtime; with `ref`, only the DOWN of that monitor. */
export function isDownMessage(msg: unknown, ref?: Ref): msg is DownMessage {
  return msg instanceof DownMessage && (ref === undefined || msg.ref === ref);
}
