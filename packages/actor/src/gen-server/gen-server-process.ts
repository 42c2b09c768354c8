// The process behind a GenServer: a callback-driven handler that dispatches to the user's callbacks.
import { CorralError } from '../kernel/corral-error.js';
import { Envelope } from '../kernel/envelope.js';
import { formatReason, isNormalExit, type ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import { isExitMessage } from '../kernel/system-message.js';
import { ProcessExit, UNWIND_DEAD } from '../runtime/control-flow.js';
import { hibernate, type Hibernation } from '../runtime/hibernation-result.js';
import type { Logger } from '../runtime/logger.js';
import type { ProcessContext, ProcessHandler } from '../runtime/process-context.js';
import { replyTo } from './call.js';
import type { GenServerImpl } from './gen-server-impl.js';
import { CallRequest, CastRequest, InactivityTimeout, openEnvelope, StopRequest } from './messages.js';
import { isResult, type AnyResult, type ResultOptions } from './result.js';

/** How the server tells its starter how init went. */
export interface Starter {
  started(): void;
  failed(reason: ExitReason): void;
  ignored(): void;
}

type Impl<S> = GenServerImpl<S, unknown, unknown, unknown, unknown>;
type Next<S> = S | Hibernation<S>;

const INFO_RESULTS = ['noreply', 'stop'] as const;
const CALL_RESULTS = ['reply', 'noreply', 'stop'] as const;
const INIT_RESULTS = ['ok', 'stop', 'ignore'] as const;

function badReturn(callback: string, value: unknown): CorralError {
  return new CorralError('badReturnValue', `${callback} returned ${formatReason(value)}`, { reason: value });
}

/**
 * The reason a callback that threw ends the server with: `ctx.exit(reason)` gives `reason` (gen_server
 * catches exit/1 too), anything else is its own reason. A process that already died inside the
 * callback (a link signal it caused) keeps unwinding: no terminate runs for it.
 */
function thrownReason(error: unknown): ExitReason {
  if (error === UNWIND_DEAD) throw error;
  return error instanceof ProcessExit ? error.reason : error;
}

/** One GenServer's process handler: owns nothing but the callbacks, the starter and the inactivity timer. */
export class GenServerProcess<S> implements ProcessHandler<S> {
  private timeoutToken: Ref | null = null;
  private timeoutTimer: Ref | null = null;

  constructor(
    private readonly impl: Impl<S>,
    private readonly args: unknown,
    private readonly starter: Starter,
    private readonly parent: Pid | null,
    private readonly logger: Logger,
  ) {}

  init(ctx: ProcessContext): Next<S> {
    let result: unknown;
    try {
      result = this.impl.init(this.args, ctx);
    } catch (error) {
      return this.initFailed(ctx, thrownReason(error), true);
    }
    if (!isResult(result, INIT_RESULTS)) return this.initFailed(ctx, badReturn('init', result), true);
    if (result.type === 'ignore') {
      this.starter.ignored();
      return this.leave(ctx, 'normal', true);
    }
    if (result.type === 'stop') return this.initFailed(ctx, result.reason, false);
    if (result.type !== 'ok') return this.initFailed(ctx, badReturn('init', result), true);
    this.starter.started();
    return this.proceed(ctx, result.state as S, result.opts, 'init');
  }

  handleMessage(msg: unknown, state: S, ctx: ProcessContext): Next<S> {
    if (msg instanceof InactivityTimeout) {
      if (msg.ref !== this.timeoutToken) return state;
      this.timeoutToken = this.timeoutTimer = null;
      return this.dispatch(ctx, 'handleInfo', 'timeout', state, msg);
    }
    this.disarm(ctx);
    if (msg instanceof Envelope) msg = openEnvelope(msg);
    if (msg instanceof CallRequest) return this.dispatch(ctx, 'handleCall', msg, state, msg);
    if (msg instanceof CastRequest) return this.dispatch(ctx, 'handleCast', msg.msg, state, msg);
    if (msg instanceof StopRequest) return this.terminate_(ctx, msg.reason, state, msg);
    if (isExitMessage(msg) && this.parent !== null && msg.from === this.parent) return this.terminate_(ctx, msg.reason, state, msg);
    return this.dispatch(ctx, 'handleInfo', msg, state, msg);
  }

  private dispatch(ctx: ProcessContext, callback: 'handleCall' | 'handleCast' | 'handleInfo', arg: unknown, state: S, msg: unknown): Next<S> {
    let result: unknown;
    try {
      result = this.invoke(ctx, callback, arg, state);
      if (result === undefined && callback === 'handleInfo' && this.impl.handleInfo === undefined) {
        this.logger.warn(`GenServer ${ctx.self.toString()} received an unexpected message: ${formatReason(msg)}`, { pid: ctx.self, msg });
        return state;
      }
    } catch (error) {
      return this.crash(ctx, thrownReason(error), state, msg);
    }
    const allowed = callback === 'handleCall' ? CALL_RESULTS : INFO_RESULTS;
    if (!isResult(result, allowed)) return this.crash(ctx, badReturn(callback, result), state, msg);
    return this.apply(ctx, result, state, msg, callback);
  }

  private invoke(ctx: ProcessContext, callback: 'handleCall' | 'handleCast' | 'handleInfo', arg: unknown, state: S): unknown {
    const impl = this.impl;
    switch (callback) {
      case 'handleCall': {
        const request = arg as CallRequest;
        if (impl.handleCall === undefined) throw new Error(`GenServer ${ctx.self.toString()} has no handleCall for ${formatReason(request.request)}`);
        return impl.handleCall(request.request, request.from, state, ctx);
      }
      case 'handleCast':
        if (impl.handleCast === undefined) throw new Error(`GenServer ${ctx.self.toString()} has no handleCast for ${formatReason(arg)}`);
        return impl.handleCast(arg, state, ctx);
      case 'handleInfo':
        return impl.handleInfo === undefined ? undefined : impl.handleInfo(arg, state, ctx);
      default: {
        const never: never = callback;
        throw new Error(`unknown callback ${String(never)}`);
      }
    }
  }

  private apply(ctx: ProcessContext, result: AnyResult, state: S, msg: unknown, callback: string): Next<S> {
    switch (result.type) {
      case 'reply':
        replyTo((msg as CallRequest).from, result.value);
        return this.proceed(ctx, result.state as S, result.opts, callback);
      case 'noreply':
        return this.proceed(ctx, result.state as S, result.opts, callback);
      case 'stop':
        if (result.reply !== undefined && msg instanceof CallRequest) replyTo(msg.from, result.reply.value);
        return this.terminate_(ctx, result.reason, result.state as S, msg);
      default:
        return this.crash(ctx, badReturn(callback, result), state, msg);
    }
  }

  /** After a result: run `continue`s, arm the inactivity timeout, hibernate if asked. */
  private proceed(ctx: ProcessContext, state: S, opts: ResultOptions | undefined, callback: string): Next<S> {
    while (opts !== undefined && 'continue' in opts) {
      let result: unknown;
      try {
        if (this.impl.handleContinue === undefined) throw new Error(`GenServer ${ctx.self.toString()} has no handleContinue (after ${callback})`);
        result = this.impl.handleContinue(opts.continue, state, ctx);
      } catch (error) {
        return this.crash(ctx, thrownReason(error), state, { continue: opts.continue });
      }
      if (!isResult(result, INFO_RESULTS)) return this.crash(ctx, badReturn('handleContinue', result), state, { continue: opts.continue });
      if (result.type === 'stop') return this.terminate_(ctx, result.reason, result.state as S, { continue: opts.continue });
      state = (result as { state: S }).state;
      opts = (result as { opts: ResultOptions | undefined }).opts;
    }
    if (opts?.timeout !== undefined && opts.timeout !== Infinity) this.arm(ctx, opts.timeout);
    return opts?.hibernate === true ? hibernate(state) : state;
  }

  private arm(ctx: ProcessContext, ms: number): void {
    const token = ctx.makeRef();
    this.timeoutToken = token;
    this.timeoutTimer = ctx.sendAfter(ms, ctx.self, new InactivityTimeout(token));
  }

  private disarm(ctx: ProcessContext): void {
    if (this.timeoutTimer !== null) ctx.cancelTimer(this.timeoutTimer);
    this.timeoutToken = this.timeoutTimer = null;
  }

  /** A callback threw or returned garbage: log, run terminate, exit with the error. */
  private crash(ctx: ProcessContext, error: unknown, state: S, msg: unknown): never {
    return this.terminate_(ctx, error, state, msg);
  }

  /** Runs terminate, logs an abnormal end as OTP does, and exits with `reason` (or terminate's own crash). */
  private terminate_(ctx: ProcessContext, reason: ExitReason, state: S, msg: unknown): never {
    let final = reason;
    if (this.impl.terminate !== undefined) {
      try {
        this.impl.terminate(reason, state, ctx);
      } catch (error) {
        final = thrownReason(error);
      }
    }
    if (!isNormalExit(final)) {
      this.logger.error(`GenServer ${ctx.self.toString()} terminating: ${formatReason(final)}\nlast message: ${formatReason(msg)}`, {
        pid: ctx.self,
        reason: final,
        msg,
      });
    }
    return this.leave(ctx, final);
  }

  private initFailed(ctx: ProcessContext, reason: ExitReason, log: boolean): never {
    if (log) this.logger.error(`GenServer ${ctx.self.toString()} failed to start: ${formatReason(reason)}`, { pid: ctx.self, reason });
    this.starter.failed(reason);
    return this.leave(ctx, reason, true);
  }

  /**
   * Exits with `reason`. When init did not succeed, the link to the starter is removed first: the
   * starter learns the outcome from the start result, not from an exit signal that would kill it.
   */
  private leave(ctx: ProcessContext, reason: ExitReason, unlinkStarter = false): never {
    if (unlinkStarter && this.parent !== null) ctx.unlink(this.parent);
    return ctx.exit(reason);
  }
}
