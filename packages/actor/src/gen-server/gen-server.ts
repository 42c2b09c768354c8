// GenServer: start, startLink, call, cast, reply and stop, gathered as Erlang's gen_server module.
import { CorralError, isCorralError } from '../kernel/corral-error.js';
import { formatReason, type ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import { Node } from '../node/node.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { Runtime } from '../runtime/runtime.js';
import { call, cast, replyTo, stopServer } from './call.js';
import type { GenServerImpl } from './gen-server-impl.js';
import { GenServerProcess, type Starter } from './gen-server-process.js';
import type { ServerPid } from './server-ref.js';

/** Options of `GenServer.start` and `startLink`. */
export interface StartOptions {
  /** Register the server under this name (a taken name rejects with `alreadyStarted`). */
  name?: string;
  /** Milliseconds init may take (default 5000, `Infinity` for none); then the process is killed. */
  timeout?: number;
  /** A label for observers (default `'gen_server'`). */
  kind?: string;
}

function runtimeOf(via: Node | ProcessContext): Runtime {
  if (via instanceof Node) return via.runtime;
  const home = via.self.home;
  if (!(home instanceof Runtime)) throw new CorralError('badOption', 'start: not a node nor a process context');
  return home;
}

function launch<S, Args, Call, Cast, Reply>(
  via: Node | ProcessContext, impl: GenServerImpl<S, Args, Call, Cast, Reply>, args: Args, opts: StartOptions, link: boolean,
): Promise<ServerPid<Call, Cast, Reply>> {
  if (typeof impl !== 'object' || impl === null || typeof impl.init !== 'function') throw new CorralError('badHandler', 'a GenServer needs an init callback');
  const timeout = opts.timeout ?? 5000;
  if (typeof timeout !== 'number' || !(timeout >= 0)) throw new CorralError('badTimeout', `start timeout ${String(timeout)}`);
  const runtime = runtimeOf(via);
  const parent = link ? (via as ProcessContext).self : null;
  return new Promise((resolve, reject) => {
    let pid: Pid | undefined;
    let timer: object | null = null;
    let unwatch: (() => void) | null = null;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer !== null) runtime.clock.clearTimer(timer);
      unwatch?.();
      outcome();
    };
    const starter: Starter = {
      started: () => settle(() => resolve(pid as ServerPid<Call, Cast, Reply>)),
      failed: (reason: ExitReason) => settle(() => reject(new CorralError('startFailed', String(reason instanceof Error ? reason.message : reason), { reason }))),
      ignored: () => settle(() => reject(new CorralError('ignored', undefined, { reason: 'ignore' }))),
    };
    const handler = new GenServerProcess(impl as unknown as GenServerImpl<S, unknown, unknown, unknown, unknown>, args, starter, parent, runtime.logger);
    const spawnOpts = { name: opts.name, kind: opts.kind ?? 'gen_server', link };
    try {
      pid = via instanceof Node ? via.spawnHandler(handler, spawnOpts) : via.spawnHandler(handler, spawnOpts);
    } catch (error) {
      if (isCorralError(error, 'nameTaken')) {
        const holder = runtime.whereis(opts.name as string);
        reject(new CorralError('alreadyStarted', `${opts.name as string} is ${String(holder)}`, { reason: holder }));
      } else reject(error);
      return;
    }
    // Like proc_lib's monitor: a process killed before its init returned fails the start at once.
    unwatch = runtime.watchExit(pid, (reason) => settle(() => {
      reject(new CorralError('startFailed', `exited before init returned: ${formatReason(reason)}`, { reason }));
    }));
    if (timeout !== Infinity) {
      timer = runtime.clock.setTimer(timeout, () => settle(() => {
        if (parent !== null) (via as ProcessContext).unlink(pid as Pid);
        runtime.exitSignal(runtime.rootPid, pid as Pid, 'kill');
        reject(new CorralError('startFailed', `init did not return within ${timeout} ms`, { reason: 'timeout' }));
      }));
    }
  });
}

/** Starts a GenServer without a link; resolves with its pid once `init` returned `ok` (a synchronous start, like `proc_lib`). */
function start<S, Args, Call, Cast, Reply>(
  via: Node | ProcessContext, impl: GenServerImpl<S, Args, Call, Cast, Reply>, args: Args, opts: StartOptions = {},
): Promise<ServerPid<Call, Cast, Reply>> {
  return launch(via, impl, args, opts, false);
}

/** Starts a GenServer linked to the calling process (`ctx`), as supervisors do. */
function startLink<S, Args, Call, Cast, Reply>(
  ctx: ProcessContext, impl: GenServerImpl<S, Args, Call, Cast, Reply>, args: Args, opts: StartOptions = {},
): Promise<ServerPid<Call, Cast, Reply>> {
  if (ctx instanceof Node) throw new CorralError('badOption', 'startLink needs a process context to link to; use start from a node');
  return launch(ctx, impl, args, opts, true);
}

// Each member is tagged @function so that the API reference documents it as the function it is.
/**
 * Erlang's `gen_server`: `start` and `startLink` (resolve once init returned; reject with a
 * {@link CorralError} `startFailed`, `ignored` or `alreadyStarted` and leave no process behind),
 * `call` (monitor + ref + timeout; rejects `noproc`, `timeout`, `noconnection` or `exit`), `cast`,
 * `reply` (a deferred answer) and `stop`; the client functions reach a server on any node.
 *
 * @namespace
 */
export const GenServer = {
  /** @function */
  start,
  /** @function */
  startLink,
  /** @function */
  call,
  /** @function */
  cast,
  /** @function */
  reply: replyTo,
  /** @function */
  stop: stopServer,
} as const;
