// The internal envelopes of GenServer traffic: calls, casts, stop requests, remote replies and inactivity timeouts.
import { Envelope, TO_ENVELOPE, type Enveloped } from '../kernel/envelope.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';

/**
 * Who made a call: a pid and the call's unique ref. Plain data, so a server can keep it in its state
 * (even through hibernation) and answer later with `GenServer.reply(from, value)`. `GenServer.call`
 * takes no process context, so `pid` is the caller's node's root pid for a local call, and the
 * short-lived process that waits for the reply for a call from another node: to watch a client, have
 * it send its pid in the request.
 */
export interface From {
  /** The pid the call came from (the caller's node's root pid, or the waiting process of a remote call). */
  readonly pid: Pid;
  /** The call's unique ref: the reply goes to this alias. */
  readonly ref: Ref;
}

/** The envelope kinds of GenServer traffic between nodes. */
export const GEN_CALL = 'gen.call';
/** See {@link GEN_CALL}. */
export const GEN_CAST = 'gen.cast';
/** See {@link GEN_CALL}. */
export const GEN_STOP = 'gen.stop';
/** See {@link GEN_CALL}. */
export const GEN_REPLY = 'gen.reply';

/** A call: handled by handleCall. */
export class CallRequest implements Enveloped {
  constructor(readonly from: From, readonly request: unknown) {}

  [TO_ENVELOPE](): Envelope {
    return new Envelope(GEN_CALL, { pid: this.from.pid, ref: this.from.ref, request: this.request });
  }
}

/** A cast: handled by handleCast. */
export class CastRequest implements Enveloped {
  constructor(readonly msg: unknown) {}

  [TO_ENVELOPE](): Envelope {
    return new Envelope(GEN_CAST, { msg: this.msg });
  }
}

/** `GenServer.stop`: run terminate with `reason`, then exit with it. */
export class StopRequest implements Enveloped {
  constructor(readonly reason: ExitReason) {}

  [TO_ENVELOPE](): Envelope {
    return new Envelope(GEN_STOP, { reason: this.reason });
  }
}

/**
 * The answer to a call from another node, sent to the process that waits for it: the value, or why
 * it could not cross (`failed`, the value could not be encoded).
 */
export class CallReply implements Enveloped {
  constructor(readonly ref: Ref, readonly value: unknown, readonly failed: string | null = null) {}

  [TO_ENVELOPE](): Envelope {
    return new Envelope(GEN_REPLY, { ref: this.ref, value: this.value, failed: this.failed });
  }
}

/** The inactivity timeout armed by a result's `timeout` option. */
export class InactivityTimeout {
  constructor(readonly ref: Ref) {}
}

function fields(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/**
 * The GenServer message inside an envelope that came from another node; anything else (another
 * kind, or a body that does not fit) is returned as it is, to be handled as an unexpected message.
 */
export function openEnvelope(envelope: Envelope): CallRequest | CastRequest | StopRequest | CallReply | Envelope {
  const body = fields(envelope.body);
  switch (envelope.kind) {
    case GEN_CALL:
      return body['pid'] instanceof Pid && body['ref'] instanceof Ref ? new CallRequest({ pid: body['pid'], ref: body['ref'] }, body['request']) : envelope;
    case GEN_CAST:
      return 'msg' in body ? new CastRequest(body['msg']) : envelope;
    case GEN_STOP:
      return 'reason' in body ? new StopRequest(body['reason']) : envelope;
    case GEN_REPLY: {
      const failed = body['failed'];
      return body['ref'] instanceof Ref && (failed === null || typeof failed === 'string') ? new CallReply(body['ref'], body['value'], failed) : envelope;
    }
    default:
      return envelope;
  }
}
