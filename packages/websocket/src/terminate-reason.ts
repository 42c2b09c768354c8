// Why a connection ended, as websocketTerminate receives it.

/** The connection closed normally: the handler shut it down (or the server closed), or it was idle. */
export interface NormalReason {
  readonly type: 'normal';
  readonly reason: 'shutdown' | 'timeout';
}
/** The client closed: `code` and `reason` when its close frame had a code, neither for an empty close frame. */
export interface RemoteReason {
  readonly type: 'remote';
  readonly code?: number;
  readonly reason?: string;
}
/**
 * Something went wrong: `badframe` (protocol error, invalid close code), `badencoding` (invalid
 * UTF-8), `badsize` (over maxFrameSize), `closed` (TCP gone without a close frame), `handler` (a
 * callback threw or returned something that is not a result; `cause` says what), `backpressure`,
 * or a socket error code.
 */
export interface ErrorReason {
  readonly type: 'error';
  readonly error: 'badencoding' | 'badframe' | 'badsize' | 'closed' | 'handler' | 'backpressure' | (string & {});
  readonly cause?: unknown;
}

/** What `websocketTerminate` is told. */
export type TerminateReason = NormalReason | RemoteReason | ErrorReason;
