// TopN: the best few of many, best first, ties in the order offered.
import { describe, expect, it } from 'vitest';
import { TopN } from '../../src/observer/top-n.js';

const above = (a: number, b: number): boolean => a > b;

describe('TopN', () => {
  it('keeps the limit best items, best first', () => {
    const top = new TopN(3, above);
    for (const n of [5, 1, 9, 7, 3, 9, 2]) top.offer(n);
    expect(top.items).toEqual([9, 9, 7]);
  });

  it('keeps everything when offered fewer than the limit', () => {
    const top = new TopN(10, above);
    for (const n of [2, 3, 1]) top.offer(n);
    expect(top.items).toEqual([3, 2, 1]);
  });

  it('keeps the first offered of equal items', () => {
    const top = new TopN<{ score: number; id: string }>(2, (a, b) => a.score > b.score);
    for (const id of ['a', 'b', 'c']) top.offer({ score: 1, id });
    expect(top.items.map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('keeps nothing with a limit of 0', () => {
    const top = new TopN(0, above);
    top.offer(1);
    expect(top.items).toEqual([]);
  });

  it('agrees with a full sort on 10,000 items', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    const top = new TopN(50, above);
    for (const v of values) top.offer(v);
    expect(top.items).toEqual([...values].sort((a, b) => b - a).slice(0, 50));
  });
});
