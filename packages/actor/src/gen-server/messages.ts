// The internal envelopes of GenServer traffic: calls, casts, stop requests and inactivity timeouts.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';

/**
 * Who made a call: a pid and the call's unique ref. Plain data, so a server can keep it in its state
 * (even through hibernation) and answer later with `GenServer.reply(from, value)`. `GenServer.call`
 * takes no process context, so `pid` is the caller's node's root pid, not the calling process: to
 * watch a client, have it send its pid in the request.
 */
export interface From {
  /** The pid the call came from (the caller's node's root pid). */
  readonly pid: Pid;
  /** The call's unique ref: the reply goes to this alias. */
  readonly ref: Ref;
}

/** A call: handled by handleCall. */
export class CallRequest {
  constructor(readonly from: From, readonly request: unknown) {}
}

/** A cast: handled by handleCast. */
export class CastRequest {
  constructor(readonly msg: unknown) {}
}

/** `GenServer.stop`: run terminate with `reason`, then exit with it. */
export class StopRequest {
  constructor(readonly reason: ExitReason) {}
}

/** The inactivity timeout armed by a result's `timeout` option. */
export class InactivityTimeout {
  constructor(readonly ref: Ref) {}
}
