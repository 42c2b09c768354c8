// TopN: the best few of many items, kept sorted as they are offered, without sorting them all.

/** Keeps the `limit` best of what it is offered, best first, in O(offered x log limit) without sorting everything. */
export class TopN<T> {
  readonly items: T[] = [];

  constructor(
    private readonly limit: number,
    private readonly above: (a: T, b: T) => boolean,
  ) {}

  offer(item: T): void {
    const { items, limit } = this;
    if (limit <= 0 || (items.length === limit && !this.above(item, items[limit - 1] as T))) return;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.above(item, items[mid] as T)) hi = mid;
      else lo = mid + 1;
    }
    items.splice(lo, 0, item);
    if (items.length > limit) items.pop();
  }
}
