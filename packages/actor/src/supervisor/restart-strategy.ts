// The restart decision as pure functions: whether an exited child is restarted, and which children to stop and start.
import { CorralError } from '../kernel/corral-error.js';
import { isNormalExit, type ExitReason } from '../kernel/exit-reason.js';
import type { RestartType } from './child-spec.js';
import type { Strategy } from './supervisor-flags.js';

/**
 * What a supervisor does about a child that exited: `restart` it (per the strategy), `keep` its spec
 * as a child that is not running, or `remove` it (a temporary child). `report` says whether the exit
 * is logged as a `childTerminated` error report (OTP reports every exit it does not consider normal
 * for the restart type, and every exit of a permanent child).
 */
export type ExitDecision =
  | { readonly type: 'restart'; readonly report: boolean }
  | { readonly type: 'keep'; readonly report: boolean }
  | { readonly type: 'remove'; readonly report: boolean };

/** The facts of one child the strategy needs, in start order. */
export interface ChildFacts {
  readonly id: string;
  readonly restart: RestartType;
  /** The child has a live process (not stopped, not waiting for a restart). */
  readonly running: boolean;
}

/** The children to stop and start for one restart. */
export interface RestartPlan {
  /** Running children to stop, in reverse start order; never the child being restarted. */
  readonly stop: readonly string[];
  /** Children to forget once stopped: the temporary ones among those the strategy takes down. */
  readonly remove: readonly string[];
  /** Children to start, in start order; the child being restarted among them. */
  readonly start: readonly string[];
}

/**
 * Decides what an exit means for a child of restart type `restart` (OTP's `do_restart`): a
 * permanent child is always restarted; a transient one only after an abnormal exit (`'normal'`,
 * `'shutdown'` and `{ shutdown: term }` are normal); a temporary one never, and is forgotten.
 */
export function decideExit(restart: RestartType, reason: ExitReason): ExitDecision {
  const normal = isNormalExit(reason);
  switch (restart) {
    case 'permanent':
      return { type: 'restart', report: true };
    case 'transient':
      return normal ? { type: 'keep', report: false } : { type: 'restart', report: true };
    case 'temporary':
      return { type: 'remove', report: !normal };
    default: {
      const never: never = restart;
      throw new CorralError('badChildSpec', `unknown restart type ${String(never)}`);
    }
  }
}

/** The children a strategy takes down with `index`: none, all, or those started after it. */
function affected(strategy: Strategy, children: readonly ChildFacts[], index: number): readonly ChildFacts[] {
  switch (strategy) {
    case 'oneForOne':
      return [children[index] as ChildFacts];
    case 'oneForAll':
      return children;
    case 'restForOne':
      return children.slice(index);
    default: {
      const never: never = strategy;
      throw new CorralError('badOption', `unknown strategy ${String(never)}`);
    }
  }
}

/**
 * Plans the restart of child `id` under `strategy` (OTP's `restart/3`): the other affected children
 * that run are stopped in reverse start order, the temporary ones among them are forgotten, and the
 * rest of the affected children are started in start order, whether or not they ran before (as OTP's
 * `one_for_all` and `rest_for_one` do). `children` is in start order. Throws `childNotFound` for an
 * unknown id.
 */
export function planRestart(strategy: Strategy, children: readonly ChildFacts[], id: string): RestartPlan {
  const index = children.findIndex((c) => c.id === id);
  if (index < 0) throw new CorralError('childNotFound', id);
  const range = affected(strategy, children, index);
  const others = range.filter((c) => c.id !== id);
  return {
    stop: others.filter((c) => c.running).map((c) => c.id).reverse(),
    remove: others.filter((c) => c.restart === 'temporary').map((c) => c.id),
    start: range.filter((c) => c.id === id || c.restart !== 'temporary').map((c) => c.id),
  };
}
