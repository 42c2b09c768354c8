// A token bucket per connection, as pure data and one function: the flood limit of the chat.

/** A bucket: the tokens it holds (negative while in debt) and when it was last refilled (clock ms). */
export interface TokenBucket {
  tokens: number;
  at: number;
}

/** How a bucket fills and how far into debt it may go. */
export interface BucketLimits {
  /** Tokens a full bucket holds: the burst a client may send at once. */
  capacity: number;
  /** Tokens added per second: the rate a client may keep up. */
  perSecond: number;
}

/** What {@link takeToken} decided: `ok` (go on), `limited` (refuse this message), `abuse` (close the connection). */
export type BucketVerdict = 'ok' | 'limited' | 'abuse';

/** The chat's limit: bursts of 10 messages, 5 a second after that. */
export const CHAT_BUCKET: BucketLimits = { capacity: 10, perSecond: 5 };

/** A full bucket at `now`. */
export function fullBucket(limits: BucketLimits, now: number): TokenBucket {
  return { tokens: limits.capacity, at: now };
}

/**
 * Takes one token at `now`. With a token to spare, `ok`. Without, the message is `limited` and the
 * bucket goes into debt (refused messages cost a token too, so a client that keeps sending stays
 * refused); once the debt reaches a full bucket's worth, `abuse`.
 */
export function takeToken(bucket: TokenBucket, now: number, limits: BucketLimits): { verdict: BucketVerdict; bucket: TokenBucket } {
  const elapsed = Math.max(0, now - bucket.at);
  const tokens = Math.min(limits.capacity, bucket.tokens + (elapsed * limits.perSecond) / 1000) - 1;
  const verdict: BucketVerdict = tokens >= 0 ? 'ok' : tokens >= -limits.capacity ? 'limited' : 'abuse';
  return { verdict, bucket: { tokens, at: now } };
}
