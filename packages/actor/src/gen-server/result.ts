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
// The brand goes last in each literal: a computed key first makes V8 build the object the slow way.

/** Continue with `state` (init). Built by {@link ok}. */
export interface OkResult<S> {
  /** @internal Marks a value built by a result constructor. */
  readonly [brand]: true;
  /** Always `'ok'`. */
  readonly type: 'ok';
  /** The first state. */
  readonly state: S;
  /** What follows: hibernate, timeout, continue. */
  readonly opts: ResultOptions | undefined;
}
/** Answer the call with `value`, continue with `state`. Built by {@link reply}. */
export interface ReplyResult<S, R> {
  /** @internal Marks a value built by a result constructor. */
  readonly [brand]: true;
  /** Always `'reply'`. */
  readonly type: 'reply';
  /** The answer to the call. */
  readonly value: R;
  /** The next state. */
  readonly state: S;
  /** What follows: hibernate, timeout, continue. */
  readonly opts: ResultOptions | undefined;
}
/** Continue with `state` without answering (a call is answered later with GenServer.reply). Built by {@link noreply}. */
export interface NoreplyResult<S> {
  /** @internal Marks a value built by a result constructor. */
  readonly [brand]: true;
  /** Always `'noreply'`. */
  readonly type: 'noreply';
  /** The next state. */
  readonly state: S;
  /** What follows: hibernate, timeout, continue. */
  readonly opts: ResultOptions | undefined;
}
/** Stop with `reason` (terminate runs first); a call may be answered first with `reply`. Built by {@link stop}. */
export interface StopResult<S, R = never> {
  /** @internal Marks a value built by a result constructor. */
  readonly [brand]: true;
  /** Always `'stop'`. */
  readonly type: 'stop';
  /** The exit reason of the server. */
  readonly reason: ExitReason;
  /** The state terminate gets. */
  readonly state: S;
  /** From handleCall: the answer sent to the caller before stopping. */
  readonly reply: {
    /** The answer. */
    value: R;
  } | undefined;
}
/** init only: start nothing; the start resolves as ignored. Built by {@link ignore}. */
export interface IgnoreResult {
  /** @internal Marks a value built by a result constructor. */
  readonly [brand]: true;
  /** Always `'ignore'`. */
  readonly type: 'ignore';
}

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
  return { type: 'ok', state, opts, [brand]: true };
}

/** handleCall: answer with `value` and continue with `state`. */
export function reply<S, R>(value: R, state: S, opts?: ResultOptions): ReplyResult<S, R> {
  return { type: 'reply', value, state, opts, [brand]: true };
}

/** Continue with `state`, answering nothing now. */
export function noreply<S>(state: S, opts?: ResultOptions): NoreplyResult<S> {
  return { type: 'noreply', state, opts, [brand]: true };
}

/** Stop with `reason` after running terminate; from handleCall, `{ reply: value }` answers the caller first. */
export function stop<S, R = never>(reason: ExitReason, state: S, opts?: { reply: R }): StopResult<S, R> {
  return { type: 'stop', reason, state, reply: opts === undefined ? undefined : { value: opts.reply }, [brand]: true };
}

/** init: start nothing (a supervisor skips the child). */
export function ignore(): IgnoreResult {
  return { type: 'ignore', [brand]: true };
}

/** True when `value` was built by one of the result constructors and its type is one of `allowed`. */
export function isResult(value: unknown, allowed: ReadonlyArray<AnyResult['type']>): value is AnyResult {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true
    && allowed.includes((value as AnyResult).type);
}
