// The one error class of @corral/websocket, with its table of codes.

/**
 * Every code a {@link WebSocketError} can carry, with what it means.
 *
 * @enum
 */
export const WebSocketErrorCodes = {
  badRoute: 'a route is malformed (its path pattern, or a value that is not a route)',
  duplicateRoute: 'two routes have the same path pattern',
  badOption: 'an option has an invalid value',
  badFrame: 'a frame a handler returned is invalid',
  badResult: 'a callback returned a value that is not one of its result constructors',
  notListening: 'the server is not listening',
  alreadyClosed: 'the server is already closed',
} as const;

/** A code of {@link WebSocketErrorCodes}. */
export type WebSocketErrorCode = keyof typeof WebSocketErrorCodes;

/**
 * The error every API of `@corral/websocket` throws for bad input: `code` says what was wrong (see
 * {@link WebSocketErrorCodes}), the message adds the detail. Expected outcomes (a refused upgrade, a
 * closed connection) are values, never this error.
 */
export class WebSocketError extends Error {
  /** Always `'WebSocketError'`. */
  override readonly name: string = 'WebSocketError';
  /** What was wrong, as a key of {@link WebSocketErrorCodes}. */
  readonly code: WebSocketErrorCode;

  /**
   * @param code - what was wrong; the message starts with its text from {@link WebSocketErrorCodes}
   * @param detail - appended to the message after a colon
   * @param options - `cause`, chained as `Error.cause`
   */
  constructor(code: WebSocketErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail === undefined ? WebSocketErrorCodes[code] : `${WebSocketErrorCodes[code]}: ${detail}`, options);
    this.code = code;
  }
}

/** True when `error` is a {@link WebSocketError}, optionally with the given code. */
export function isWebSocketError(error: unknown, code?: WebSocketErrorCode): error is WebSocketError {
  return error instanceof WebSocketError && (code === undefined || error.code === code);
}
