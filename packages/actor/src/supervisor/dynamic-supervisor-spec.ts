// What a dynamic supervisor is started with: one child spec for every child, its restart intensity and maxChildren.
import { CorralError } from '../kernel/corral-error.js';
import type { Pid } from '../kernel/pid.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { normalizeChildOptions, type ChildOptions, type ChildType, type RestartType, type Shutdown } from './child-spec.js';
import { normalizeIntensity, type IntensityLimit } from './supervisor-flags.js';

/**
 * The spec every child of a dynamic supervisor is started from (OTP's `simple_one_for_one` spec).
 * `start` gets the supervisor's context and the arguments given to `DynamicSupervisor.startChild`
 * (OTP's extra arguments); it links the child like a {@link ChildSpecInput}'s start.
 */
export interface DynamicChildSpecInput<Args extends unknown[] = unknown[]> {
  /** Starts a child linked to the supervisor, with the arguments given to `startChild`; returns or resolves with its pid. */
  start(ctx: ProcessContext, ...args: Args): Pid | Promise<Pid>;
  /** Default `'temporary'`: a dynamic child is not restarted unless asked for. */
  restart?: RestartType;
  /** Default 5000 ms for a worker, `'infinity'` for a supervisor. */
  shutdown?: Shutdown;
  /** Default `'worker'`. */
  type?: ChildType;
}

/** A dynamic supervisor's flags: OTP's restart intensity (1 restart in 5000 ms), and a limit on children. */
export interface DynamicSupervisorFlagsInput {
  /** Restarts allowed within `period` (default 1). */
  intensity?: number;
  /** The window of `intensity`, in milliseconds (default 5000). */
  period?: number;
  /** `startChild` is refused (`maxChildren`) when this many children exist (default `Infinity`). */
  maxChildren?: number;
}

/** A dynamic supervisor's spec. */
export interface DynamicSupervisorSpec<Args extends unknown[] = unknown[]> {
  /** Restart intensity and `maxChildren` (OTP's defaults when omitted). */
  flags?: DynamicSupervisorFlagsInput;
  /** The spec every child is started from. */
  child: DynamicChildSpecInput<Args>;
}

/** A validated dynamic child spec. */
export interface DynamicChildSpec extends ChildOptions {
  readonly start: (ctx: ProcessContext, ...args: never[]) => Pid | Promise<Pid>;
}

/** A validated dynamic supervisor spec. */
export interface DynamicSupervisorConfig {
  readonly limit: IntensityLimit;
  readonly maxChildren: number;
  readonly child: DynamicChildSpec;
}

/** Validates a dynamic supervisor spec (`badOption`, `badChildSpec`) and fills in the defaults. */
export function normalizeDynamicSupervisorSpec(spec: DynamicSupervisorSpec): DynamicSupervisorConfig {
  if (typeof spec !== 'object' || spec === null) throw new CorralError('badOption', 'a dynamic supervisor spec must be an object');
  const flags = spec.flags ?? {};
  const maxChildren = flags.maxChildren ?? Infinity;
  if (maxChildren !== Infinity && (!Number.isInteger(maxChildren) || maxChildren < 0)) {
    throw new CorralError('badOption', `maxChildren must be an integer >= 0 or Infinity, not ${String(maxChildren)}`);
  }
  const child = spec.child;
  if (typeof child !== 'object' || child === null || typeof child.start !== 'function') throw new CorralError('badChildSpec', 'the child spec needs a start function');
  const start = child.start.bind(child) as DynamicChildSpec['start'];
  return { limit: normalizeIntensity(flags), maxChildren, child: { start, ...normalizeChildOptions(child, 'temporary', 'dynamic child') } };
}
