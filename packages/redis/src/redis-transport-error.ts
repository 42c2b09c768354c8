// The error the Redis transport throws, with a code table.

/** What went wrong, by code; the message starts with the code's text. */
export const RedisTransportErrorCodes = {
  badOption: 'an option of the Redis transport has an invalid value',
  alreadyStarted: 'a Redis transport carries one node and starts once',
  unreachable: 'Redis cannot be reached',
  insecure: 'a Redis that is not on this machine needs a cluster secret',
  localServer: 'a local redis-server could not be started',
} as const;

/** A code of {@link RedisTransportErrorCodes}. */
export type RedisTransportErrorCode = keyof typeof RedisTransportErrorCodes;

/** The error of `@corral/redis`: `code` says what was wrong, the message adds the detail, `cause` the underlying error. */
export class RedisTransportError extends Error {
  /** Always `'RedisTransportError'`. */
  override readonly name: string = 'RedisTransportError';
  /** What was wrong, as a key of {@link RedisTransportErrorCodes}. */
  readonly code: RedisTransportErrorCode;

  constructor(code: RedisTransportErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail === undefined ? RedisTransportErrorCodes[code] : `${RedisTransportErrorCodes[code]}: ${detail}`, options);
    this.code = code;
  }
}

/** True when `error` is a {@link RedisTransportError}, optionally with the given code. */
export function isRedisTransportError(error: unknown, code?: RedisTransportErrorCode): error is RedisTransportError {
  return error instanceof RedisTransportError && (code === undefined || error.code === code);
}
