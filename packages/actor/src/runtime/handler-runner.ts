// Runs callback-driven processes: init, then handleMessage for each message, synchronously, within a budget.
import type { ExitReason } from '../kernel/exit-reason.js';
import { ProcessExit } from './control-flow.js';
import type { Process } from './process.js';
import { DEAD, EXITING, HIBERNATED, RUNNING, STARTED } from './process-flags.js';
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

/**
 * The scheduler's entry point for a handler process: runs `init` the first time, wakes it when
 * hibernated, then hands it up to `budget` messages. Returns the messages handled.
 */
export function runHandler(host: HandlerHost, p: Process, budget: number): number {
  const handler = p.handler as ProcessHandler<unknown>;
  let state: unknown;
  let sleep = false;
  p.flags |= RUNNING;
  try {
    if ((p.flags & STARTED) === 0) {
      p.flags |= STARTED;
      state = handler.init(p);
    } else {
      state = (p.flags & HIBERNATED) !== 0 ? host.wake(p) : p.state;
    }
    if (state instanceof Hibernation) {
      state = state.state;
      sleep = true;
    }
    // Kept current: a callback may end its own process (exit(peer) via a link); terminate gets the last state.
    p.state = state;
  } catch (error) {
    p.flags &= ~RUNNING;
    fail(host, p, error);
    return 0;
  }
  const q = p.q;
  let n = 0;
  try {
    while (q !== null && n < budget && q.length !== 0 && (p.flags & DEAD) === 0) {
      const msg = q.shift();
      n++;
      state = handler.handleMessage(msg, state, p);
      sleep = state instanceof Hibernation;
      if (sleep) state = (state as Hibernation<unknown>).state;
      p.state = state;
    }
  } catch (error) {
    p.handled += n;
    p.state = state;
    p.flags &= ~RUNNING;
    fail(host, p, error);
    return n;
  }
  p.handled += n;
  if ((p.flags & DEAD) !== 0) return n;
  p.state = state;
  p.flags &= ~RUNNING;
  const pending = q !== null && q.length !== 0;
  if (pending) host.schedule(p);
  else if (sleep) host.hibernate(p, state);
  return n;
}
