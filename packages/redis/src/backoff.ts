// The reconnection policy: how long to wait before each attempt to reach Redis again.

/** Exponential backoff between reconnection attempts. */
export interface Backoff {
  /** Milliseconds before the first attempt after a connection is lost (default 50). */
  initialDelayMs?: number;
  /** The longest wait between two attempts (default 2000): attempts go on at this pace until Redis is back. */
  maxDelayMs?: number;
}

/** The backoff used when none is given. */
export const DEFAULT_BACKOFF: Required<Backoff> = { initialDelayMs: 50, maxDelayMs: 2000 };

/** Milliseconds to wait before reconnection attempt `attempt` (1 for the first): doubling from the initial delay, capped. */
export function backoffDelay(attempt: number, backoff: Backoff = {}): number {
  const initial = backoff.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs;
  const max = Math.max(initial, backoff.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs);
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(initial * 2 ** exponent, max);
}
