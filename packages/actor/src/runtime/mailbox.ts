// The mailbox: a FIFO (denque) with the scans selective receive needs, and a one-message inline slot.
import Denque from 'denque';
import type { Process } from './process.js';
import * as processFlags from './process-flags.js';

// Module constants rather than imports, for what is used per message: V8 folds a module's own constants
// into the code, but loads and checks an imported binding on each use.
const { INLINE } = processFlags;

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

/**
 * Adds `msg` to the mailbox of `p`. A handler process whose mailbox was never more than one message
 * deep keeps that message in `p.q` itself (flag INLINE): no queue is allocated, and a message
 * passed along a ring or a ping-pong touches no queue object. The second waiting message moves both
 * into a queue, which then stays. Async bodies, which scan their mailbox, always get a queue.
 */
export function enqueue(p: Process, msg: unknown, inlineAllowed: boolean): void {
  const q = p.q;
  if ((p.flags & INLINE) === 0) {
    if (q !== null) {
      (q as Mailbox).push(msg);
      return;
    }
    if (inlineAllowed) {
      p.q = msg;
      p.flags |= INLINE;
      return;
    }
  }
  spill(p, msg);
}

/** The rare cases of {@link enqueue}, kept out of line so the per-message path stays small enough for V8 to inline. */
function spill(p: Process, msg: unknown): void {
  const queue = createMailbox();
  if ((p.flags & INLINE) !== 0) {
    // A second waiting message: the inline one moves into a queue first.
    queue.push(p.q);
    p.flags &= ~INLINE;
  }
  queue.push(msg);
  p.q = queue;
}

/** The number of messages waiting for `p`. */
export function mailboxLength(p: Process): number {
  if ((p.flags & INLINE) !== 0) return 1;
  return p.q === null ? 0 : (p.q as Mailbox).length;
}

/** The waiting messages of `p`, oldest first (a copy). */
export function mailboxMessages(p: Process): unknown[] {
  if ((p.flags & INLINE) !== 0) return [p.q];
  return p.q === null ? [] : (p.q as Mailbox).toArray();
}

/** Removes every waiting message of `p` that `match` accepts; returns how many. */
export function removeMessages(p: Process, match: (msg: unknown) => boolean): number {
  if ((p.flags & INLINE) !== 0) {
    if (!match(p.q)) return 0;
    p.q = null;
    p.flags &= ~INLINE;
    return 1;
  }
  return removeWhere(p.q as Mailbox | null, match);
}
