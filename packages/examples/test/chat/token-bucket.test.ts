// The token bucket as a pure function of the bucket, the time and the limits.
import { describe, expect, it } from 'vitest';
import { fullBucket, takeToken, type BucketVerdict, type TokenBucket } from '../../src/chat/token-bucket.js';

const limits = { capacity: 3, perSecond: 2 };

/** Takes `n` tokens at `now`, returning the verdicts and the bucket after. */
function takeMany(bucket: TokenBucket, n: number, now: number): { verdicts: BucketVerdict[]; bucket: TokenBucket } {
  const verdicts: BucketVerdict[] = [];
  for (let i = 0; i < n; i++) {
    const taken = takeToken(bucket, now, limits);
    verdicts.push(taken.verdict);
    bucket = taken.bucket;
  }
  return { verdicts, bucket };
}

describe('takeToken', () => {
  it('lets a full burst through, limits a bucket in debt, and calls it abuse once the debt is a full bucket', () => {
    const { verdicts } = takeMany(fullBucket(limits, 0), 7, 0);
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'limited', 'limited', 'limited', 'abuse']);
  });

  it('refills at perSecond, up to the capacity', () => {
    const empty = takeMany(fullBucket(limits, 0), 3, 0).bucket;
    expect(takeToken(empty, 499, limits).verdict).toBe('limited');
    expect(takeToken(empty, 500, limits).verdict).toBe('ok');
    const later = takeMany(empty, 4, 60_000);
    expect(later.verdicts).toEqual(['ok', 'ok', 'ok', 'limited']);
  });

  it('makes refused messages cost a token, so a client that keeps sending stays refused', () => {
    const { bucket } = takeMany(fullBucket(limits, 0), 5, 0);
    expect(bucket.tokens).toBe(-2);
    expect(takeToken(bucket, 1000, limits).verdict).toBe('limited');
    expect(takeToken(bucket, 1500, limits).verdict).toBe('ok');
  });

  it('does not refill when the clock goes backwards', () => {
    expect(takeToken({ tokens: 0, at: 1000 }, 0, limits)).toEqual({ verdict: 'limited', bucket: { tokens: -1, at: 0 } });
  });
});
