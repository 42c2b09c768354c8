// Runs async-body processes: starting the body, receive (with its budget and timeout), and the body's end.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Clock } from './clock.js';
import { HibernateRequest, ProcessExit } from './control-flow.js';
import { findMatch, mailboxLength, takeAt, type Mailbox } from './mailbox.js';
import { TIMEOUT, type HibernateFn } from './process-context.js';
import { AsyncBody, type Process } from './process.js';
import * as processFlags from './process-flags.js';

// Module constants rather than imports, for what is used per message: V8 folds a module's own constants
// into the code, but loads and checks an imported binding on each use.
const { DEAD, EXITING, HIBERNATED, RUNNING, STARTED, WAITING } = processFlags;

/** What async bodies need from the node. */
export interface AsyncHost {
  clock: Clock;
  /** Immediate receives a body may do before it goes back through the scheduler. */
  budget: number;
  schedule(p: Process): void;
  terminate(p: Process, reason: ExitReason): void;
  crash(p: Process, error: unknown): void;
  hibernate(p: Process, state: unknown): boolean;
  wake(p: Process): unknown;
}

function isGone(p: Process): boolean {
  return (p.flags & (DEAD | EXITING)) !== 0;
}

function bodyReturned(host: AsyncHost, p: Process): void {
  if (!isGone(p)) host.terminate(p, 'normal');
}

function bodyThrew(host: AsyncHost, p: Process, error: unknown): void {
  if (isGone(p)) return;
  if (error instanceof ProcessExit) host.terminate(p, error.reason);
  else if (error instanceof HibernateRequest) hibernateBody(host, p, error);
  else host.crash(p, error);
}

function hibernateBody(host: AsyncHost, p: Process, request: HibernateRequest): void {
  const body = p.handler as AsyncBody;
  body.fn = request.fn;
  p.flags &= ~(RUNNING | STARTED);
  const pending = mailboxLength(p) !== 0;
  if (pending || !host.hibernate(p, request.state)) {
    // Messages are waiting (Erlang wakes at once) or the state cannot be serialized: stay awake.
    p.state = request.state;
    host.schedule(p);
  } else {
    // Asleep, only the wake-up function is kept; the body record is rebuilt on waking.
    p.handler = request.fn;
  }
}

/** Calls the body (`fn(ctx, state)` after a hibernation) and watches how it ends. */
function startBody(host: AsyncHost, p: Process): void {
  const asleep = (p.flags & HIBERNATED) !== 0;
  const body = asleep ? (p.handler = new AsyncBody(p.handler as HibernateFn<unknown>)) : (p.handler as AsyncBody);
  const state = asleep ? host.wake(p) : p.state;
  // Kept on the record while the body runs with it, so processInfo's memory counts the awake state.
  p.state = state;
  p.flags |= STARTED | RUNNING;
  body.budget = host.budget;
  let result: unknown;
  try {
    result = body.fn(p, state);
  } catch (error) {
    bodyThrew(host, p, error);
    return;
  }
  if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') {
    (result as PromiseLike<unknown>).then(
      () => bodyReturned(host, p),
      (error: unknown) => bodyThrew(host, p, error),
    );
  } else {
    bodyReturned(host, p);
  }
}

function clearWait(host: AsyncHost, p: Process, body: AsyncBody): (msg: unknown) => void {
  const resolve = body.resolve as (msg: unknown) => void;
  if (body.timer !== null) host.clock.clearTimer(body.timer);
  body.resolve = null;
  body.timer = null;
  body.match = undefined;
  p.flags = (p.flags & ~WAITING) | RUNNING;
  return resolve;
}

/** Resumes a waiting body with the first matching message that arrived, if any. */
function resume(host: AsyncHost, p: Process): void {
  const body = p.handler as AsyncBody;
  const q = p.q as Mailbox | null;
  if (q === null) return;
  const index = findMatch(q, body.match, body.scanFrom);
  if (index < 0) {
    body.scanFrom = q.length;
    return;
  }
  const msg = takeAt(q, index);
  p.handled++;
  body.budget = host.budget;
  clearWait(host, p, body)(msg);
}

/** The scheduler's entry point for an async-body process. */
export function runAsync(host: AsyncHost, p: Process): number {
  if ((p.flags & STARTED) === 0) startBody(host, p);
  else if ((p.flags & WAITING) !== 0) resume(host, p);
  return 1;
}

function park(host: AsyncHost, p: Process, match: ((msg: unknown) => boolean) | undefined, timeout: number, from: number): Promise<unknown> {
  const body = p.handler as AsyncBody;
  body.match = match;
  body.scanFrom = from;
  p.flags = (p.flags | WAITING) & ~RUNNING;
  const promise = new Promise<unknown>((resolve) => {
    body.resolve = resolve;
  });
  const ready = from < mailboxLength(p);
  if (ready) host.schedule(p);
  else if (timeout !== Infinity) {
    body.timer = host.clock.setTimer(timeout, () => {
      if (body.resolve !== null && (p.flags & WAITING) !== 0) clearWait(host, p, body)(TIMEOUT);
    });
  }
  return promise;
}

/**
 * `receive` of an async body. A matching message already in the mailbox is returned at once while
 * the body has budget left; after that, or when none matches, the body waits and the scheduler
 * resumes it, so a body that always finds a message still lets other processes and the event loop run.
 */
export function receive(host: AsyncHost, p: Process, match: ((msg: unknown) => boolean) | undefined, timeout: number): Promise<unknown> {
  if (match !== undefined && typeof match !== 'function') throw new CorralError('badMatch', typeof match);
  if (typeof timeout !== 'number' || !(timeout >= 0)) throw new CorralError('badTimeout', String(timeout));
  if ((p.flags & WAITING) !== 0) throw new CorralError('receivePending');
  const body = p.handler as AsyncBody;
  const q = p.q as Mailbox | null;
  if (q !== null && q.length !== 0) {
    const index = findMatch(q, match, 0);
    if (index >= 0) {
      if (body.budget > 0) {
        body.budget--;
        p.handled++;
        return Promise.resolve(takeAt(q, index));
      }
      return park(host, p, match, timeout, index);
    }
  }
  if (timeout === 0) return Promise.resolve(TIMEOUT);
  return park(host, p, match, timeout, q === null ? 0 : q.length);
}
