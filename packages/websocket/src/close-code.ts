// Which close codes a peer may send: Cowboy's rule (RFC 6455 §7.4, without the 1012-2999 range).

/**
 * True when `code` is a close code Cowboy accepts in a close frame: 1000-1003, 1007-1011 and
 * 3000-4999. Everything else (below 1000, 1004, 1005, 1006, 1012-2999, above 4999, non-integers)
 * is invalid: a client that sends one gets 1002, a handler that returns one is refused.
 */
export function isValidCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
}
