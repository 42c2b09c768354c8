// The one error class of @corral/actor, with its table of codes.

/**
 * Every code a {@link CorralError} can carry, with what it means. Bad arguments are Erlang's `badarg`,
 * made precise.
 *
 * @enum
 */
export const ErrorCodes = {
  badDestination: 'the destination is neither a Pid nor a registered name',
  unknownName: 'no process is registered under this name',
  badName: 'a registered name must be a non-empty string',
  nameTaken: 'the name is already registered to another process',
  alreadyRegistered: 'the process already has a registered name',
  notRegistered: 'the name is not registered',
  badPid: 'the argument is not a Pid',
  badRef: 'the argument is not a Ref',
  badTimeout: 'a timeout must be a non-negative number of milliseconds or Infinity',
  badFunction: 'the argument must be a function',
  badHandler: 'a process handler must be an object with init and handleMessage functions',
  badMatch: 'a receive pattern must be a function',
  badOption: 'an option has an invalid value',
  notAlive: 'the process has exited',
  receivePending: 'the process is already waiting in receive',
  notInBody: 'this operation belongs to an async-body process',
  notInHandler: 'this operation belongs to a callback-driven process',
  nodeStopped: 'the node has been stopped',
  timeout: 'no reply within the timeout',
  noproc: 'the process is not alive',
  noconnection: 'the node of the process is down or not connected',
  exit: 'the process exited before it replied',
  badReturnValue: 'a callback returned a value that is not one of its result constructors',
  startFailed: 'the process failed to start',
  alreadyStarted: 'a process is already registered under this name',
  ignored: 'init returned ignore(): no process was started',
  badChildSpec: 'the child spec is invalid',
  duplicateChild: 'a child with this id already exists',
  childNotFound: 'no child with this id',
  childRunning: 'the child is running',
  childNotRunning: 'the child is not running',
  maxChildren: 'the supervisor already has its maximum number of children',
  badGroup: 'a group name must be a string',
  unencodable: 'the value cannot cross to another node (plain data, Map, Set, Date, bigint, binaries, Pid and Ref can)',
} as const;

/** A code of {@link ErrorCodes}. */
export type ErrorCode = keyof typeof ErrorCodes;

/**
 * The error every API of `@corral/actor` throws for bad input: `code` says what was wrong (see
 * {@link ErrorCodes}), the message adds the detail. Expected outcomes (a receive timeout, a dead pid)
 * are values, never this error.
 */
export class CorralError extends Error {
  /** Always `'CorralError'`. */
  override readonly name: string = 'CorralError';
  /** What was wrong, as a key of {@link ErrorCodes}. */
  readonly code: ErrorCode;
  /** The exit reason behind the error, when there is one (a callee's or a child's). */
  readonly reason: unknown;

  /**
   * @param code - what was wrong; the message starts with its text from {@link ErrorCodes}
   * @param detail - appended to the message after a colon
   * @param options - `cause` (chained as `Error.cause`) and `reason` (an exit reason)
   */
  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown; reason?: unknown }) {
    super(detail === undefined ? ErrorCodes[code] : `${ErrorCodes[code]}: ${detail}`, options);
    this.code = code;
    this.reason = options?.reason;
  }
}

/** True when `error` is a {@link CorralError}, optionally with the given code. */
export function isCorralError(error: unknown, code?: ErrorCode): error is CorralError {
  return error instanceof CorralError && (code === undefined || error.code === code);
}
