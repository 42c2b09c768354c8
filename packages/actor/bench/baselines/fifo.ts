// A plain FIFO on a growable ring buffer: the baseline's run queue.

/** A first-in first-out queue; `shift` returns `undefined` when empty. */
export class Fifo<T> {
  private items: Array<T | undefined> = new Array<T | undefined>(16).fill(undefined);
  private head = 0;
  private tail = 0;
  private mask = 15;

  push(item: T): void {
    this.items[this.tail] = item;
    this.tail = (this.tail + 1) & this.mask;
    if (this.tail === this.head) this.grow();
  }

  shift(): T | undefined {
    if (this.head === this.tail) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    return item;
  }

  private grow(): void {
    const old = this.items;
    const size = old.length;
    const items = new Array<T | undefined>(size * 2).fill(undefined);
    for (let i = 0; i < size; i++) items[i] = old[(this.head + i) & this.mask];
    this.items = items;
    this.head = 0;
    this.tail = size;
    this.mask = size * 2 - 1;
  }
}
