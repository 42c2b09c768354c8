// THE TABLE: why a connection stops -> the close frame it sends and the reason websocketTerminate gets.
import { isValidCloseCode } from './close-code.js';
import { close, type CloseFrame } from './frame.js';
import type { ErrorReason, TerminateReason } from './terminate-reason.js';

/**
 * Why a connection stops, as the connection process observes it:
 * - `clientClose`: the client's close frame (`code` and `reason` when it had a code);
 * - `protocolError`: the frame parser failed (`badframe` 1002, `badencoding` 1007, `badsize` 1009);
 * - `idle`: no data from the client for the idle timeout;
 * - `shutdown`: the handler returned `shutdown()`;
 * - `handlerClose`: the handler replied with a close frame (`frame`);
 * - `handlerError`: a callback threw or returned something that is not a result;
 * - `socketClosed`: TCP ended without a close frame; `socketError`: the socket failed (`code`);
 * - `serverClose`: the server is closing; `backpressure`: the outbound buffer overflowed.
 */
export type StopCause =
  | { type: 'clientClose'; code?: number; reason?: string }
  | { type: 'protocolError'; error: 'badframe' | 'badencoding' | 'badsize'; cause?: unknown }
  | { type: 'idle' }
  | { type: 'shutdown' }
  | { type: 'handlerClose'; frame: CloseFrame }
  | { type: 'handlerError'; cause: unknown }
  | { type: 'socketClosed' }
  | { type: 'socketError'; code: string; cause?: unknown }
  | { type: 'serverClose' }
  | { type: 'backpressure' };

/** What a connection does when it stops: send `frame` (none when `null`), then tell the handler `reason`. */
export interface CloseOutcome {
  frame: CloseFrame | null;
  reason: TerminateReason;
}

/** The close code of each protocol error (Cowboy 1.0 table rows 6 and 7, 2.x for badsize). */
const PROTOCOL_ERROR_CODES = { badframe: 1002, badencoding: 1007, badsize: 1009 } as const;

/**
 * The close frame to send and the terminate reason for `cause`: Cowboy 1.0's table (spec §1.4), with
 * 2.x's 1009 for oversized messages and Corral's backpressure and server close. A client close is
 * answered with its code only (no reason text), an empty client close with an empty close frame; a
 * client close code that {@link isValidCloseCode} refuses is a protocol error (1002, `badframe`).
 */
export function closeOutcome(cause: StopCause): CloseOutcome {
  switch (cause.type) {
    case 'clientClose':
      if (cause.code === undefined) return { frame: close(), reason: { type: 'remote' } };
      if (!isValidCloseCode(cause.code)) return { frame: close(1002), reason: { type: 'error', error: 'badframe' } };
      return { frame: close(cause.code), reason: { type: 'remote', code: cause.code, reason: cause.reason ?? '' } };
    case 'protocolError':
      return { frame: close(PROTOCOL_ERROR_CODES[cause.error]), reason: errorReason(cause.error, cause) };
    case 'idle':
      return { frame: close(1000), reason: { type: 'normal', reason: 'timeout' } };
    case 'shutdown':
      return { frame: close(1000), reason: { type: 'normal', reason: 'shutdown' } };
    case 'handlerClose':
      return { frame: cause.frame, reason: { type: 'normal', reason: 'shutdown' } };
    case 'handlerError':
      return { frame: close(1011), reason: { type: 'error', error: 'handler', cause: cause.cause } };
    case 'socketClosed':
      return { frame: null, reason: { type: 'error', error: 'closed' } };
    case 'socketError':
      return { frame: null, reason: errorReason(cause.code, cause) };
    case 'serverClose':
      return { frame: close(1001), reason: { type: 'normal', reason: 'shutdown' } };
    case 'backpressure':
      return { frame: close(1008), reason: { type: 'error', error: 'backpressure' } };
    default: {
      const unreachable: never = cause;
      throw new TypeError(`unknown stop cause ${JSON.stringify(unreachable)}`);
    }
  }
}

/** An error reason, with `cause` only when there is one. */
function errorReason(error: ErrorReason['error'], from: { cause?: unknown }): ErrorReason {
  return from.cause === undefined ? { type: 'error', error } : { type: 'error', error, cause: from.cause };
}

/**
 * The stop cause of an error from ws's Receiver: `WS_ERR_INVALID_UTF8` is `badencoding` (1007),
 * `WS_ERR_UNSUPPORTED_MESSAGE_LENGTH` (over maxPayload) is `badsize` (1009), any other code is
 * `badframe` (1002). The error is kept as the cause.
 */
export function receiverErrorCause(error: { code?: string }): StopCause {
  switch (error.code) {
    case 'WS_ERR_INVALID_UTF8':
      return { type: 'protocolError', error: 'badencoding', cause: error };
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return { type: 'protocolError', error: 'badsize', cause: error };
    default:
      return { type: 'protocolError', error: 'badframe', cause: error };
  }
}
