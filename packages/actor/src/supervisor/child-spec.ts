// Child specs: what a supervisor starts, how it restarts and stops it; validation and OTP's defaults.
import { CorralError } from '../kernel/corral-error.js';
import type { Pid } from '../kernel/pid.js';
import type { ProcessContext } from '../runtime/process-context.js';

/**
 * When a child is restarted: `'permanent'` always, `'transient'` only after an abnormal exit (any
 * reason but `'normal'`, `'shutdown'` and `{ shutdown: term }`), `'temporary'` never.
 */
export type RestartType = 'permanent' | 'transient' | 'temporary';

/**
 * How a child is stopped: milliseconds to wait after the exit signal `'shutdown'` before killing it,
 * `'brutalKill'` (kill at once) or `'infinity'` (wait as long as it takes, for supervisors).
 */
export type Shutdown = number | 'brutalKill' | 'infinity';

/** What a child is: a worker, or a supervisor (which gets `'infinity'` as its default shutdown). */
export type ChildType = 'worker' | 'supervisor';

/**
 * Starts a child, linked to the supervisor: it is called with the supervisor's context, so use
 * `GenServer.startLink(ctx, ...)`, `Supervisor.startLink(ctx, ...)` or `ctx.spawnLink(...)`. It
 * returns (or resolves with) the child's pid; a rejection with code `ignored` (a GenServer whose init
 * returned `ignore()`) starts nothing; any other rejection or throw is a failed start.
 */
export type StartFn = (ctx: ProcessContext) => Pid | Promise<Pid>;

/** A child spec as written: `id` and `start` are required, the rest has OTP's defaults. */
export interface ChildSpecInput {
  /** Names the child within its supervisor (unique there). */
  id: string;
  /** Starts the child linked to the supervisor (see {@link StartFn}). */
  start: StartFn;
  /** Default `'permanent'`. */
  restart?: RestartType;
  /** Default 5000 ms for a worker, `'infinity'` for a supervisor. */
  shutdown?: Shutdown;
  /** Default `'worker'`. */
  type?: ChildType;
}

/** A validated child spec with every default filled in. */
export interface ChildSpec {
  readonly id: string;
  readonly start: StartFn;
  readonly restart: RestartType;
  readonly shutdown: Shutdown;
  readonly type: ChildType;
}

/** The restart, shutdown and type of a child, validated, with defaults. */
export interface ChildOptions {
  readonly restart: RestartType;
  readonly shutdown: Shutdown;
  readonly type: ChildType;
}

const RESTART_TYPES: readonly string[] = ['permanent', 'transient', 'temporary'];
const CHILD_TYPES: readonly string[] = ['worker', 'supervisor'];

function isShutdown(value: unknown): value is Shutdown {
  if (value === 'brutalKill' || value === 'infinity') return true;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Validates `restart`, `shutdown` and `type` of a spec and fills in the defaults (`defaultRestart`,
 * 5000 ms or `'infinity'`, `'worker'`). Throws a {@link CorralError} `badChildSpec`.
 */
export function normalizeChildOptions(input: Partial<ChildOptions>, defaultRestart: RestartType, what: string): ChildOptions {
  const restart = input.restart ?? defaultRestart;
  if (!RESTART_TYPES.includes(restart)) throw new CorralError('badChildSpec', `${what}: restart must be permanent, transient or temporary, not ${String(restart)}`);
  const type = input.type ?? 'worker';
  if (!CHILD_TYPES.includes(type)) throw new CorralError('badChildSpec', `${what}: type must be worker or supervisor, not ${String(type)}`);
  const shutdown = input.shutdown ?? (type === 'supervisor' ? 'infinity' : 5000);
  if (!isShutdown(shutdown)) {
    throw new CorralError('badChildSpec', `${what}: shutdown must be a non-negative integer of ms, 'brutalKill' or 'infinity', not ${String(shutdown)}`);
  }
  return { restart, shutdown, type };
}

/** Validates a child spec and fills in its defaults; throws a {@link CorralError} `badChildSpec`. */
export function normalizeChildSpec(input: ChildSpecInput): ChildSpec {
  if (typeof input !== 'object' || input === null) throw new CorralError('badChildSpec', 'a child spec must be an object');
  const { id, start } = input;
  if (typeof id !== 'string' || id.length === 0) throw new CorralError('badChildSpec', `id must be a non-empty string, not ${String(id)}`);
  if (typeof start !== 'function') throw new CorralError('badChildSpec', `${id}: start must be a function`);
  return { id, start, ...normalizeChildOptions(input, 'permanent', id) };
}
