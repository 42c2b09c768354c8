// Why a connection ended, as websocketTerminate receives it.

/** The connection closed normally: the handler shut it down (or the server closed), or it was idle. */
export interface NormalReason {
  /** Always `'normal'`. */
  readonly type: 'normal';
  /** `'shutdown'` (the handler or the server closed it) or `'timeout'` (idle). */
  readonly reason: 'shutdown' | 'timeout';
}
/** The client closed: `code` and `reason` when its close frame had a code, neither for an empty close frame. */
export interface RemoteReason {
  /** Always `'remote'`. */
  readonly type: 'remote';
  /** The code of the client's close frame, if it had one. */
  readonly code?: number;
  /** The reason of the client's close frame, with its code. */
  readonly reason?: string;
}
/**
 * Something went wrong: `badframe` (protocol error, invalid close code), `badencoding` (invalid
 * UTF-8), `badsize` (over maxFrameSize), `closed` (TCP gone without a close frame), `handler` (a
 * callback threw or returned something that is not a result; `cause` says what), `backpressure`,
 * or a socket error code.
 */
export interface ErrorReason {
  /** Always `'error'`. */
  readonly type: 'error';
  /** What went wrong (see above), or Node's socket error code (`'ECONNRESET'`). */
  readonly error: 'badencoding' | 'badframe' | 'badsize' | 'closed' | 'handler' | 'backpressure' | (string & {});
  /** For `handler`: what the callback threw or returned, or the reason given to `ctx.exit`. */
  readonly cause?: unknown;
}

/** What `websocketTerminate` is told. */
export type TerminateReason = NormalReason | RemoteReason | ErrorReason;
