// GenServer's client side toward another node: a short-lived local process monitors the server, sends the request and waits.
import { CorralError } from '../kernel/corral-error.js';
import { Envelope } from '../kernel/envelope.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import { isDownMessage, type DownMessage } from '../kernel/system-message.js';
import { TIMEOUT, type ProcessContext, type RemoteName } from '../runtime/process-context.js';
import type { Runtime } from '../runtime/runtime.js';
import { CallReply, CallRequest, openEnvelope, StopRequest } from './messages.js';

/** The error a call or stop rejects with when the server's monitor fired with `reason`. */
export function downError(reason: ExitReason, what: string): CorralError {
  if (reason === 'noproc') return new CorralError('noproc', what, { reason });
  if (reason === 'noconnection') return new CorralError('noconnection', what, { reason });
  return new CorralError('exit', `${what}: the server exited (${String(reason)})`, { reason });
}

/** Runs `body` in a new process of `runtime` and settles with what it returns or throws. */
function inProcess<T>(runtime: Runtime, kind: string, body: (ctx: ProcessContext) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    runtime.spawn(null, async (ctx) => {
      try {
        resolve(await body(ctx));
      } catch (error) {
        reject(error);
      }
    }, { kind });
  });
}

function replyOf(msg: unknown, ref: Ref): CallReply | null {
  if (!(msg instanceof Envelope)) return null;
  const opened = openEnvelope(msg);
  return opened instanceof CallReply && opened.ref === ref ? opened : null;
}

/**
 * Calls a server of another node, as OTP's `gen:call` does from the calling process: a process of
 * `runtime` monitors `target` (a pid or `{ name, node }`), sends the call with its own pid and the
 * monitor's ref, and waits for the reply, the DOWN (`noproc`, `noconnection` when the node goes down,
 * else `exit`) or the timeout. It then exits, so a reply that comes later is dropped with it.
 */
export function remoteCall(runtime: Runtime, target: Pid | RemoteName, request: unknown, timeout: number, what: string): Promise<unknown> {
  return inProcess(runtime, 'gen_call', async (ctx) => {
    const ref = ctx.monitor(target);
    ctx.send(target, new CallRequest({ pid: ctx.self, ref }, request));
    const got = await ctx.receive((m) => replyOf(m, ref) !== null || isDownMessage(m, ref), { timeout });
    if (got === TIMEOUT) throw new CorralError('timeout', `${what} (${timeout} ms)`, { reason: 'timeout' });
    if (isDownMessage(got)) throw downError(got.reason, what);
    const { value, failed } = replyOf(got, ref) as CallReply;
    if (failed !== null) throw new CorralError('unencodable', `${what}: the reply ${failed}`);
    return value;
  });
}

/** Stops a server of another node: monitor, stop request, then its DOWN (see `GenServer.stop`). */
export function remoteStop(runtime: Runtime, target: Pid | RemoteName, reason: ExitReason, timeout: number, what: string): Promise<void> {
  return inProcess(runtime, 'gen_stop', async (ctx) => {
    const ref = ctx.monitor(target);
    ctx.send(target, new StopRequest(reason));
    const got = await ctx.receive((m) => isDownMessage(m, ref), { timeout });
    if (got === TIMEOUT) throw new CorralError('timeout', `${what} (${timeout} ms)`, { reason: 'timeout' });
    const exitReason = (got as DownMessage).reason;
    if (exitReason === reason) return;
    if (exitReason === 'noproc' || exitReason === 'noconnection') throw downError(exitReason, what);
    throw new CorralError('exit', `${what}: exited with another reason: ${String(exitReason)}`, { reason: exitReason });
  });
}
