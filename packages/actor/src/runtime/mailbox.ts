// The mailbox: a FIFO (denque) with the scans selective receive needs.
import Denque from 'denque';

/** A process's message queue. */
export type Mailbox = Denque<unknown>;

/** A new, empty mailbox (small: four slots). */
export function createMailbox(): Mailbox {
  return new Denque<unknown>();
}

/** Index of the first message at or after `from` that `match` accepts (any message when `match` is undefined), or -1. */
export function findMatch(q: Mailbox, match: ((msg: unknown) => boolean) | undefined, from: number): number {
  const n = q.length;
  if (match === undefined) return from < n ? from : -1;
  for (let i = from; i < n; i++) {
    if (match(q.peekAt(i))) return i;
  }
  return -1;
}

/** Removes and returns the message at `index` (the front is O(1), elsewhere O(n)). */
export function takeAt(q: Mailbox, index: number): unknown {
  return index === 0 ? q.shift() : q.removeOne(index);
}

/**
 * A compacted copy of `q`, as hibernation wants it: `null` when empty, else a fresh queue sized to
 * its messages (a queue that once held a flood keeps its large backing array otherwise).
 */
export function compactMailbox(q: Mailbox | null): Mailbox | null {
  if (q === null || q.length === 0) return null;
  return new Denque<unknown>(q.toArray());
}

/** Removes every message that `match` accepts; returns how many. */
export function removeWhere(q: Mailbox | null, match: (msg: unknown) => boolean): number {
  if (q === null) return 0;
  let removed = 0;
  for (let i = q.length - 1; i >= 0; i--) {
    if (match(q.peekAt(i))) {
      q.removeOne(i);
      removed++;
    }
  }
  return removed;
}
