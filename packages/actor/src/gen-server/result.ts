// GenServer callback results: opaque values built only by ok, reply, noreply, stop and ignore.
import type { ExitReason } from '../kernel/exit-reason.js';

/** What may follow a result: hibernate, arm an inactivity timeout, or continue with handleContinue. */
export interface ResultOptions {
  /** Hibernate after this callback (state serialized, mailbox compacted). */
  hibernate?: boolean;
  /** Send `'timeout'` to handleInfo when no message arrives within this many ms. */
  timeout?: number;
  /** Call handleContinue with this value before any other message. */
  continue?: unknown;
}

const brand = Symbol('corral.genServerResult');

/** Continue with `state` (init). */
export interface OkResult<S> { readonly [brand]: true; readonly type: 'ok'; readonly state: S; readonly opts: ResultOptions | undefined }
/** Answer the call with `value`, continue with `state`. */
export interface ReplyResult<S, R> { readonly [brand]: true; readonly type: 'reply'; readonly value: R; readonly state: S; readonly opts: ResultOptions | undefined }
/** Continue with `state` without answering (a call is answered later with GenServer.reply). */
export interface NoreplyResult<S> { readonly [brand]: true; readonly type: 'noreply'; readonly state: S; readonly opts: ResultOptions | undefined }
/** Stop with `reason` (terminate runs first); a call may be answered first with `reply`. */
export interface StopResult<S, R = never> {
  readonly [brand]: true; readonly type: 'stop'; readonly reason: ExitReason; readonly state: S; readonly reply: { value: R } | undefined;
}
/** init only: start nothing; the start resolves as ignored. */
export interface IgnoreResult { readonly [brand]: true; readonly type: 'ignore' }

/** What init returns. */
export type InitResult<S> = OkResult<S> | StopResult<S> | IgnoreResult;
/** What handleCall returns. */
export type CallResult<S, R> = ReplyResult<S, R> | NoreplyResult<S> | StopResult<S, R>;
/** What handleCast, handleInfo and handleContinue return. */
export type InfoResult<S> = NoreplyResult<S> | StopResult<S>;
/** Any result. */
export type AnyResult = OkResult<unknown> | ReplyResult<unknown, unknown> | NoreplyResult<unknown> | StopResult<unknown, unknown> | IgnoreResult;

/** init: start with `state`. */
export function ok<S>(state: S, opts?: ResultOptions): OkResult<S> {
  return { [brand]: true, type: 'ok', state, opts };
}

/** handleCall: answer with `value` and continue with `state`. */
export function reply<S, R>(value: R, state: S, opts?: ResultOptions): ReplyResult<S, R> {
  return { [brand]: true, type: 'reply', value, state, opts };
}

/** Continue with `state`, answering nothing now. */
export function noreply<S>(state: S, opts?: ResultOptions): NoreplyResult<S> {
  return { [brand]: true, type: 'noreply', state, opts };
}

/** Stop with `reason` after running terminate; from handleCall, `{ reply: value }` answers the caller first. */
export function stop<S, R = never>(reason: ExitReason, state: S, opts?: { reply: R }): StopResult<S, R> {
  return { [brand]: true, type: 'stop', reason, state, reply: opts === undefined ? undefined : { value: opts.reply } };
}

/** init: start nothing (a supervisor skips the child). */
export function ignore(): IgnoreResult {
  return { [brand]: true, type: 'ignore' };
}

/** True when `value` was built by one of the result constructors and its type is one of `allowed`. */
export function isResult(value: unknown, allowed: ReadonlyArray<AnyResult['type']>): value is AnyResult {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true
    && allowed.includes((value as AnyResult).type);
}
