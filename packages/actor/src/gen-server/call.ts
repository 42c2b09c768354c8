// call, cast, reply and stop: GenServer's client side, usable inside and outside processes, toward any node.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import { Ref } from '../kernel/ref.js';
import { RemoteNode } from '../runtime/identity-table.js';
import { Runtime } from '../runtime/runtime.js';
import { CallReply, CallRequest, CastRequest, StopRequest, type From } from './messages.js';
import { downError, remoteCall, remoteStop } from './remote-call.js';
import { describeRef, locate, type ServerRef } from './server-ref.js';

function checkTimeout(timeout: number, what: string): void {
  if (typeof timeout !== 'number' || !(timeout >= 0)) throw new CorralError('badTimeout', `${what}(${String(timeout)})`);
}

/**
 * Calls a server and resolves with its reply: a monitor on the server, a unique ref, and a timeout
 * (default 5000 ms, `Infinity` for none). Rejects with a {@link CorralError} whose code is `noproc`
 * (dead pid or free name), `timeout`, `noconnection` (the server's node went down or is not
 * connected), or `exit` (the server exited before replying; the reason is in `error.reason`). A reply
 * that comes after a timeout is dropped: it never reaches any mailbox. Works from any code: an async
 * body, a handler (then handle the promise, do not block), or code outside any process; toward a
 * server of this node or another (see {@link ServerRef}).
 */
export function call<Call, Reply>(dest: ServerRef<Call, unknown, Reply>, request: NoInfer<Call>, timeout = 5000): Promise<Reply> {
  checkTimeout(timeout, 'call');
  const located = locate(dest);
  if (located.type === 'remote') return remoteCall(located.runtime, located.target, request, timeout, `call to ${describeRef(dest)}`) as Promise<Reply>;
  const { runtime, pid } = located;
  return new Promise<Reply>((resolve, reject) => {
    const ref = runtime.makeRef();
    let timer: object | null = null;
    let unwatch: (() => void) | null = null;
    const done = (): void => {
      runtime.aliases.delete(ref);
      unwatch?.();
      if (timer !== null) runtime.clock.clearTimer(timer);
    };
    unwatch = pid === undefined ? null : runtime.watchExit(pid, (reason) => {
      done();
      reject(new CorralError('exit', `${describeRef(dest)} exited during the call: ${String(reason)}`, { reason }));
    });
    if (unwatch === null) {
      reject(downError('noproc', `call to ${describeRef(dest)}`));
      return;
    }
    runtime.aliases.set(ref, (value) => {
      done();
      resolve(value as Reply);
    });
    if (timeout !== Infinity) {
      timer = runtime.clock.setTimer(timeout, () => {
        done();
        reject(new CorralError('timeout', `call to ${describeRef(dest)} (${timeout} ms)`, { reason: 'timeout' }));
      });
    }
    runtime.send(pid as NonNullable<typeof pid>, new CallRequest({ pid: runtime.rootPid, ref }, request));
  });
}

/** Sends the answer to a call that came from another node; a value that cannot cross is answered as such. */
function replyAcross(seenBy: Runtime, from: From, value: unknown): void {
  try {
    seenBy.send(from.pid, new CallReply(from.ref, value));
  } catch (error) {
    if (!(error instanceof CorralError && error.code === 'unencodable')) throw error;
    seenBy.logger.warn(`GenServer reply to ${from.pid.toString()} cannot cross nodes: ${error.message}`, { pid: from.pid });
    seenBy.send(from.pid, new CallReply(from.ref, undefined, error.message));
  }
}

/** Answers a call later (a deferred reply, after handleCall returned noreply). Harmless when the caller gave up. */
export function replyTo(from: From, value: unknown): void {
  if (typeof from !== 'object' || from === null || !(from.ref instanceof Ref)) throw new CorralError('badRef', 'reply(from): from must come from handleCall');
  const home = from.ref.home;
  if (home instanceof Runtime) home.aliases.get(from.ref)?.(value);
  else if (home instanceof RemoteNode && home.seenBy instanceof Runtime) replyAcross(home.seenBy, from, value);
}

/** Sends a cast: asynchronous, never fails (a dead or unknown server simply never sees it). */
export function cast<Cast>(dest: ServerRef<unknown, Cast>, msg: NoInfer<Cast>): void {
  const located = locate(dest);
  if (located.type === 'remote') located.runtime.send(located.target, new CastRequest(msg));
  else if (located.pid !== undefined) located.runtime.send(located.pid, new CastRequest(msg));
}

/**
 * Stops a server: it runs terminate with `reason` and exits. Resolves when it has exited; rejects
 * `noproc` when it is not alive, `noconnection` when its node is down, `timeout` after `timeout` ms
 * (default Infinity), or `exit` when it exited with another reason (its terminate crashed).
 */
export function stopServer(dest: ServerRef, reason: ExitReason = 'normal', timeout = Infinity): Promise<void> {
  checkTimeout(timeout, 'stop');
  const located = locate(dest);
  if (located.type === 'remote') return remoteStop(located.runtime, located.target, reason, timeout, `stop ${describeRef(dest)}`);
  const { runtime, pid } = located;
  return new Promise<void>((resolve, reject) => {
    let timer: object | null = null;
    const unwatch = pid === undefined ? null : runtime.watchExit(pid, (exitReason) => {
      if (timer !== null) runtime.clock.clearTimer(timer);
      if (exitReason === reason) resolve();
      else reject(new CorralError('exit', `${describeRef(dest)} exited with another reason: ${String(exitReason)}`, { reason: exitReason }));
    });
    if (unwatch === null || pid === undefined) {
      reject(new CorralError('noproc', `stop ${describeRef(dest)}`, { reason: 'noproc' }));
      return;
    }
    if (timeout !== Infinity) {
      timer = runtime.clock.setTimer(timeout, () => {
        unwatch();
        reject(new CorralError('timeout', `stop ${describeRef(dest)} (${timeout} ms)`, { reason: 'timeout' }));
      });
    }
    runtime.send(pid, new StopRequest(reason));
  });
}
