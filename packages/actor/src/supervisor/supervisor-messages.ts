// The supervisor protocol: client requests (carried in GenServer call envelopes), their replies, and internal messages.
import { CorralError } from '../kernel/corral-error.js';
import { formatReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { ChildSpecInput, ChildType } from './child-spec.js';
import type { StartOutcome } from './invoke-start.js';

/** A request to a supervisor. */
export type SupervisorRequest =
  | { readonly type: 'startChild'; readonly spec: ChildSpecInput }
  | { readonly type: 'terminateChild'; readonly id: string }
  | { readonly type: 'restartChild'; readonly id: string }
  | { readonly type: 'deleteChild'; readonly id: string }
  | { readonly type: 'whichChildren' }
  | { readonly type: 'countChildren' };

/** A request to a dynamic supervisor. */
export type DynamicRequest =
  | { readonly type: 'startDynamicChild'; readonly args: readonly unknown[] }
  | { readonly type: 'terminateDynamicChild'; readonly pid: Pid }
  | { readonly type: 'whichChildren' }
  | { readonly type: 'countChildren' };

/** The request constructors. */
export const requests = {
  startChild: (spec: ChildSpecInput): SupervisorRequest => ({ type: 'startChild', spec }),
  terminateChild: (id: string): SupervisorRequest => ({ type: 'terminateChild', id }),
  restartChild: (id: string): SupervisorRequest => ({ type: 'restartChild', id }),
  deleteChild: (id: string): SupervisorRequest => ({ type: 'deleteChild', id }),
  startDynamicChild: (args: readonly unknown[]): DynamicRequest => ({ type: 'startDynamicChild', args }),
  terminateDynamicChild: (pid: Pid): DynamicRequest => ({ type: 'terminateDynamicChild', pid }),
  whichChildren: (): { readonly type: 'whichChildren' } => ({ type: 'whichChildren' }),
  countChildren: (): { readonly type: 'countChildren' } => ({ type: 'countChildren' }),
} as const;

/** A supervisor's reply: a value, or the error the client function rejects with. */
export type SupervisorReply<T> =
  | { readonly type: 'ok'; readonly value: T }
  | { readonly type: 'error'; readonly error: CorralError };

/** Builds an `ok` reply. */
export function okReply<T>(value: T): SupervisorReply<T> {
  return { type: 'ok', value };
}

/** Builds an `error` reply. */
export function errorReply(error: CorralError): SupervisorReply<never> {
  return { type: 'error', error };
}

/** The reply to a start: the pid, `undefined` when the child ignored its start, or a `startFailed` error. */
export function startReply(what: string, outcome: StartOutcome): SupervisorReply<Pid | undefined> {
  switch (outcome.type) {
    case 'started':
      return okReply(outcome.pid);
    case 'ignored':
      return okReply(undefined);
    case 'failed': {
      const why = outcome.reason instanceof Error ? outcome.reason.message : formatReason(outcome.reason);
      return errorReply(new CorralError('startFailed', `${what}: ${why}`, { reason: outcome.reason, cause: outcome.reason }));
    }
    default: {
      const never: never = outcome;
      throw new CorralError('badOption', `unknown start outcome ${String(never)}`);
    }
  }
}

/** One child as `whichChildren` lists it, in start order. */
export interface ChildInfo {
  /** The child's id from its spec. */
  readonly id: string;
  /** The child's pid; undefined when it is not running or waiting for a restart. */
  readonly pid: Pid | undefined;
  /** True while a restart that failed is being retried (OTP's `restarting`). */
  readonly restarting: boolean;
  /** Worker or supervisor, from its spec. */
  readonly type: ChildType;
}

/** One child of a dynamic supervisor as `whichChildren` lists it, in start order. */
export interface DynamicChildInfo {
  /** The child's pid; undefined while a restart that failed is being retried. */
  readonly pid: Pid | undefined;
  /** True while a restart that failed is being retried (OTP's `restarting`). */
  readonly restarting: boolean;
  /** Worker or supervisor, from the spec. */
  readonly type: ChildType;
}

/** What `countChildren` answers (OTP's `count_children`). */
export interface ChildCounts {
  /** Child specs: every child of a supervisor; always 1 for a dynamic supervisor, as in OTP. */
  readonly specs: number;
  /** Children with a live process. */
  readonly active: number;
  /** Children of type supervisor, running or not. */
  readonly supervisors: number;
  /** Children of type worker, running or not. */
  readonly workers: number;
}

/** Sent by a supervisor to itself after a failed restart, so other messages are handled before it tries again. */
export class TryAgainRestart {
  constructor(readonly child: string | number) {}
}
