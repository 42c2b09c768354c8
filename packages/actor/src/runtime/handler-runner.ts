// Runs callback-driven processes: init, then handleMessage for each message, synchronously, within a budget.
import type { ExitReason } from '../kernel/exit-reason.js';
import { ProcessExit } from './control-flow.js';
import type { Process } from './process.js';
import { DEAD, EXITING, HIBERNATED, INLINE, RUNNING, STARTED } from './process-flags.js';
import { mailboxLength, type Mailbox } from './mailbox.js';
import type { ProcessHandler } from './process-context.js';
import { Hibernation } from './hibernation-result.js';

/** What handler processes need from the node. */
export interface HandlerHost {
  schedule(p: Process): void;
  terminate(p: Process, reason: ExitReason): void;
  crash(p: Process, error: unknown): void;
  hibernate(p: Process, state: unknown): boolean;
  wake(p: Process): unknown;
}

function fail(host: HandlerHost, p: Process, error: unknown): void {
  if ((p.flags & (DEAD | EXITING)) !== 0) return;
  if (error instanceof ProcessExit) host.terminate(p, error.reason);
  else host.crash(p, error);
}

/** Runs `init` the first time, or wakes a hibernated process; returns its state and whether init asked to hibernate. */
function prepare(host: HandlerHost, p: Process, handler: ProcessHandler<unknown>): Hibernation<unknown> | unknown {
  if ((p.flags & STARTED) !== 0) return host.wake(p);
  p.flags |= STARTED;
  return handler.init(p);
}

/**
 * The scheduler's entry point for a handler process: runs `init` the first time, wakes it when
 * hibernated, then hands it up to `budget` messages, synchronously. Returns the messages handled.
 * This is the per-message hot path: one flag test, one dequeue, the call, one result check.
 */
export function runHandler(host: HandlerHost, p: Process, budget: number): number {
  const handler = p.handler as ProcessHandler<unknown>;
  let state = p.state;
  let sleep = false;
  let n = 0;
  p.flags |= RUNNING;
  try {
    if ((p.flags & (STARTED | HIBERNATED)) !== STARTED) {
      state = prepare(host, p, handler);
      if (state instanceof Hibernation) {
        state = state.state;
        sleep = true;
      }
      p.state = state;
    }
    while (n < budget) {
      const flags = p.flags;
      let msg: unknown;
      if ((flags & (INLINE | DEAD)) === INLINE) {
        msg = p.q;
        p.q = null;
        p.flags = flags & ~INLINE;
      } else {
        const q = p.q as Mailbox | null;
        if (q === null || (flags & DEAD) !== 0 || q.isEmpty()) break;
        msg = q.shift();
      }
      n++;
      state = handler.handleMessage(msg, state, p);
      if (state instanceof Hibernation) {
        state = state.state;
        sleep = true;
      } else {
        sleep = false;
      }
      // Kept current: a callback may end its own process (exit(peer) via a link); terminate gets the last state.
      p.state = state;
    }
  } catch (error) {
    p.handled += n;
    p.flags &= ~RUNNING;
    fail(host, p, error);
    return n;
  }
  p.handled += n;
  if ((p.flags & DEAD) !== 0) return n;
  p.flags &= ~RUNNING;
  if (mailboxLength(p) !== 0) host.schedule(p);
  else if (sleep) host.hibernate(p, state);
  return n;
}
