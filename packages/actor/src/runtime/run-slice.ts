// The scheduler's loop: runs processes off the run queue for one slice, callback-driven ones in the loop itself.
import type { ExitReason } from '../kernel/exit-reason.js';
import { runAsync, type AsyncHost } from './async-runner.js';
import { ProcessExit } from './control-flow.js';
import * as hibernationResult from './hibernation-result.js';
import type { Mailbox } from './mailbox.js';
import type { ProcessHandler } from './process-context.js';
import * as processFlags from './process-flags.js';
import type { Process } from './process.js';
import type { RunQueue } from './run-queue.js';

// Module constants rather than imports, for what is used per message: V8 folds a module's own constants
// into the code, but loads and checks an imported binding on each use.
const { DEAD, EXITING, HANDLER, HIBERNATED, INLINE, RUNNING, SCHEDULED, STARTED } = processFlags;
const { Hibernation } = hibernationResult;

/** What running processes need from the node. */
export interface RunHost extends AsyncHost {
  terminate(p: Process, reason: ExitReason): void;
  crash(p: Process, error: unknown): void;
  hibernate(p: Process, state: unknown): boolean;
  wake(p: Process): unknown;
}

/** A callback threw after `n` messages: the process exits (ProcessExit) or crashes, unless already ending. */
function fail(host: RunHost, p: Process, n: number, error: unknown): void {
  p.handled += n;
  p.flags &= ~RUNNING;
  if ((p.flags & (DEAD | EXITING)) !== 0) return;
  if (error instanceof ProcessExit) host.terminate(p, error.reason);
  else host.crash(p, error);
}

/**
 * Runs `init` the first time (flag STARTED), or wakes a hibernated process, and stores its state.
 * Returns whether `init` asked to hibernate. Throws what `init` throws.
 */
function prepare(host: RunHost, p: Process, handler: ProcessHandler<unknown>): boolean {
  if ((p.flags & STARTED) !== 0) {
    p.state = host.wake(p);
    return false;
  }
  p.flags |= STARTED;
  const first = handler.init(p);
  const sleep = first instanceof Hibernation;
  p.state = sleep ? first.state : first;
  return sleep;
}

/** True when `p`, whose flags are `now`, has a message waiting (a dead process has none: its mailbox is dropped). */
function hasMessage(p: Process, now: number): boolean {
  if ((now & INLINE) !== 0) return true;
  const q = p.q as Mailbox | null;
  return q !== null && !q.isEmpty();
}

/**
 * Hands the oldest message of `p` (it has one; `now` are its flags, RUNNING set) to `handleMessage`
 * and keeps the state it returns. Returns whether that state asked to hibernate.
 */
function handleNext(p: Process, handler: ProcessHandler<unknown>, now: number): boolean {
  let msg: unknown;
  if ((now & INLINE) !== 0) {
    msg = p.q;
    p.q = null;
    p.flags = now & ~INLINE;
  } else {
    p.flags = now;
    msg = (p.q as Mailbox).shift();
  }
  const state = p.state;
  const next = handler.handleMessage(msg, state, p);
  // Most callbacks return the state they were given: nothing to check or store then.
  if (next === state) return false;
  const sleep = next instanceof Hibernation;
  // Stored at once: a callback may end its own process (exit(peer) via a link); terminate gets the last state.
  p.state = sleep ? (next as hibernationResult.Hibernation<unknown>).state : next;
  return sleep;
}

/**
 * Takes processes off `queue` until it is empty or `used` reductions reach `slice`, and returns
 * `used`. A callback-driven process gets up to `budget` messages: `init` the first time, a wake-up
 * when hibernated, then `handleMessage` for each, synchronously; an async body is resumed. A
 * process's turn costs the messages it handled plus one. Never throws.
 *
 * The handler's turn is written out here rather than called: in a ping-pong or a ring each turn
 * handles one message, and a call per turn (with the loads it forces after it) cost as much as the
 * rest of the turn.
 */
export function runSlice(host: RunHost, queue: RunQueue, used: number, slice: number, budget: number): number {
  while (used < slice) {
    const p = queue.shift();
    if (p === null) break;
    const flags = p.flags & ~SCHEDULED;
    if ((flags & (HANDLER | DEAD)) !== HANDLER) {
      p.flags = flags;
      if ((flags & DEAD) === 0) used += runAsync(host, p) + 1;
      continue;
    }
    const handler = p.handler as ProcessHandler<unknown>;
    // Flagged RUNNING in the write that takes the first message: one flag write per message.
    let now = flags | RUNNING;
    let sleep = false;
    let n = 0;
    try {
      if ((flags & (STARTED | HIBERNATED)) !== STARTED) {
        p.flags = now;
        sleep = prepare(host, p, handler);
        now = p.flags;
      }
      if (hasMessage(p, now)) {
        // handleNext written out for the first message: most turns handle one, and V8 compiles a call
        // in a loop, or through a helper it may not inline, into a slower turn than this.
        let msg: unknown;
        if ((now & INLINE) !== 0) {
          msg = p.q;
          p.q = null;
          p.flags = now & ~INLINE;
        } else {
          p.flags = now;
          msg = (p.q as Mailbox).shift();
        }
        n = 1;
        const state = p.state;
        const next = handler.handleMessage(msg, state, p);
        sleep = false;
        if (next !== state) {
          sleep = next instanceof Hibernation;
          p.state = sleep ? (next as hibernationResult.Hibernation<unknown>).state : next;
        }
        while (n < budget && hasMessage(p, (now = p.flags))) {
          n++;
          sleep = handleNext(p, handler, now);
        }
      }
    } catch (error) {
      fail(host, p, n, error);
      used += n + 1;
      continue;
    }
    used += n + 1;
    p.handled += n;
    const after = p.flags;
    if ((after & DEAD) !== 0) continue;
    if (n === budget && hasMessage(p, after)) {
      // Budget spent with messages left: to the back of the queue, behind the processes that waited.
      p.flags = (after & ~RUNNING) | SCHEDULED;
      queue.push(p);
    } else {
      p.flags = after & ~RUNNING;
      if (sleep) host.hibernate(p, p.state);
    }
  }
  return used;
}
