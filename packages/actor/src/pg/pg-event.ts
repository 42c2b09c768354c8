// The message a pg subscriber receives when a group it monitors changes.
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';

/**
 * A change to a monitored group, sent to the subscriber of `pg.monitor(group, pid)` or
 * `pg.monitorScope(pid)` (Erlang's `{Ref, join | leave, Group, Pids}`). `pids` lists a pid once per
 * join or leave: a process that joined twice and exits appears twice. `ref` is the subscription's.
 * It is a class, so a user message that merely looks like it is told apart by {@link isPgEvent}.
 */
export class PgEvent {
  /** @internal Made by pg only. */
  constructor(
    /** Whether `pids` joined or left. */
    readonly type: 'join' | 'leave',
    /** The pg scope of the group. */
    readonly scope: string,
    /** The group that changed. */
    readonly group: string,
    /** The pids that joined or left, once per join. */
    readonly pids: readonly Pid[],
    /** The ref of the subscription (as `monitor` or `monitorScope` returned it). */
    readonly ref: Ref,
  ) {}
}

/** True when `msg` is a {@link PgEvent}; with `ref`, only an event of that subscription. */
export function isPgEvent(msg: unknown, ref?: Ref): msg is PgEvent {
  return msg instanceof PgEvent && (ref === undefined || msg.ref === ref);
}
