// A Corral node: the composition root that owns a runtime, and the API used from outside any process.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import { realClock, type Clock } from '../runtime/clock.js';
import { consoleLogger, type Logger } from '../runtime/logger.js';
import type { Distribution, DistributionStats } from '../runtime/distribution.js';
import { GlobalRegistry } from '../runtime/global-registry.js';
import type { Dest, ProcessBody, SpawnOptions } from '../runtime/process-context.js';
import { HIBERNATED } from '../runtime/process-flags.js';
import type { ProcessHandler } from '../runtime/process-context.js';
import { describeProcess, type ProcessInfo } from '../runtime/process-info.js';
import type { Process } from '../runtime/process.js';
import { Runtime } from '../runtime/runtime.js';

/** The options of a node that do not concern distribution (see `NodeOptions` of `createNode`). */
export interface LocalNodeOptions {
  /** The node's name, unique in a cluster (default `'nonode@nohost'`, as in Erlang). */
  name?: string;
  /** The incarnation number pids print as their serial (default 0; a clustered node sets a new one on each start). */
  creation?: number;
  /** Where time comes from (default: the real clock; tests pass a simulated one). */
  clock?: Clock;
  /** Where crash reports and warnings go (default: the console). */
  logger?: Logger;
  /** Messages a process handles before others get a turn (default 100). */
  budget?: number;
  /** Reductions the scheduler runs without the event loop getting control back before it yields to I/O and timers (default 5000). */
  slice?: number;
}

/** Counters of a node, for observers. */
export interface NodeStats {
  /** Processes alive on the node. */
  processes: number;
  /** Of those, the hibernated ones. */
  hibernated: number;
  /** Processes waiting in the run queue for their turn. */
  runnable: number;
  /** Timers armed (`sendAfter`, receive timeouts, idle timeouts). */
  timers: number;
  /** Registered names. */
  registered: number;
  /** The cluster side of the node, when it has a transport. */
  distribution?: DistributionStats;
}

function positiveInt(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new CorralError('badOption', `${what} must be a positive integer`);
  return value;
}

/**
 * A node: a set of processes with a scheduler, a registry and timers. Several nodes can live in one
 * Node.js process (tests, a cluster); nothing is global. Use it to spawn the first processes and to
 * reach processes from code that is not a process (an HTTP handler, a test).
 */
export class Node {
  /** @internal */
  readonly runtime: Runtime;
  private readonly globals: GlobalRegistry;

  /** @internal Use `createNode`. */
  constructor(runtime: Runtime) {
    this.runtime = runtime;
    this.globals = new GlobalRegistry(runtime);
    runtime.globals = this.globals;
  }

  /** The node's name. */
  get name(): string {
    return this.runtime.name;
  }

  /** The pid that signals and messages sent from outside any process come from (`<name.0.serial>`). */
  get rootPid(): Pid {
    return this.runtime.rootPid;
  }

  /** The node's clock. */
  get clock(): Clock {
    return this.runtime.clock;
  }

  /** The node's logger. */
  get logger(): Logger {
    return this.runtime.logger;
  }

  /** Spawns an async-body process. */
  spawn(body: ProcessBody, opts?: SpawnOptions): Pid {
    return this.runtime.spawn(null, body, opts);
  }

  /** Spawns a callback-driven process (see {@link ProcessHandler}). */
  spawnHandler<S>(handler: ProcessHandler<S>, opts?: SpawnOptions): Pid {
    return this.runtime.spawnHandler(null, handler as ProcessHandler<unknown>, opts);
  }

  /** Sends `msg` to `dest` from outside any process. */
  send(dest: Dest, msg: unknown): void {
    this.runtime.send(dest, msg);
  }

  /** The pid registered under `name`, or `undefined`. */
  whereis(name: string): Pid | undefined {
    return this.runtime.whereis(name);
  }

  /** Registers `pid` under `name`. */
  register(name: string, pid: Pid): void {
    this.runtime.register(name, pid);
  }

  /** Every registered name. */
  registered(): string[] {
    return this.runtime.registry.registered();
  }

  /** Sends an exit signal to `pid` from {@link rootPid} (`'kill'` cannot be trapped). */
  exit(pid: Pid, reason: ExitReason): void {
    this.runtime.exitSignal(this.runtime.rootPid, pid, reason);
  }

  /** Sends `msg` to `dest` after `ms` milliseconds. */
  sendAfter(ms: number, dest: Dest, msg: unknown): Ref {
    return this.runtime.sendAfter(ms, dest, msg);
  }

  /** Cancels a timer: the ms that were left, or false. */
  cancelTimer(ref: Ref): number | false {
    return this.runtime.cancelTimer(ref);
  }

  /** A new unique reference. */
  makeRef(): Ref {
    return this.runtime.makeRef();
  }

  private local(pid: Pid): Process | null {
    if (!(pid instanceof Pid)) throw new CorralError('badPid', String(pid));
    return pid.home === this.runtime ? (pid.proc as Process | null) : null;
  }

  /** A snapshot of the process, or `undefined` when it is not alive on this node. */
  processInfo(pid: Pid): ProcessInfo | undefined {
    const p = this.local(pid);
    return p === null ? undefined : describeProcess(p);
  }

  /** True while the process is alive on this node. */
  isAlive(pid: Pid): boolean {
    return this.local(pid) !== null;
  }

  /** The pids of every live process, oldest first. */
  processes(): Pid[] {
    return this.runtime.table.list().map((p) => p.pid);
  }

  /** Resolves with the process's exit reason when it exits (`'noproc'` at once when it is not alive). */
  awaitExit(pid: Pid): Promise<ExitReason> {
    return new Promise((resolve) => {
      if (this.runtime.watchExit(pid, resolve) === null) resolve('noproc');
    });
  }

  /** Counters for observers; O(processes) for the hibernated count. */
  stats(): NodeStats {
    const rt = this.runtime;
    let hibernated = 0;
    for (const p of rt.table.list()) if ((p.flags & HIBERNATED) !== 0) hibernated++;
    const stats: NodeStats = {
      processes: rt.table.size,
      hibernated,
      runnable: rt.scheduler.runnable,
      timers: rt.timers.size,
      registered: rt.registry.registered().length,
    };
    if (rt.distribution !== null) stats.distribution = rt.distribution.stats();
    return stats;
  }

  /** True when no process is runnable and no packet from another node waits (nothing to do until a message or timer). */
  get idle(): boolean {
    return this.runtime.scheduler.idle && (this.runtime.distribution?.idle ?? true);
  }

  /**
   * Resolves once the node has joined its cluster (its transport started); rejects with the
   * transport's error when it cannot (for Redis, a `RedisTransportError` with code `unreachable`).
   * A node without a transport is ready at once.
   */
  get ready(): Promise<void> {
    return this.runtime.distribution?.ready ?? Promise.resolve();
  }

  /**
   * Registers `name` cluster-wide for `pid`, a live process of this node (Erlang's
   * `global:register_name`): false when the name is taken. Two nodes that claim one name at once (or
   * on both sides of a partition) end up agreeing on one owner, the pid of the lowest node name (then
   * creation, then process id); the other is ended with the exit reason `'global_name_conflict'`. The
   * name is freed when its owner exits or its node goes down. `badName`, `noproc` for bad arguments.
   */
  registerGlobal(name: string, pid: Pid): boolean {
    return this.globals.register(name, pid);
  }

  /** Frees the global `name`, whichever node its owner lives on; false when nobody owns it. */
  unregisterGlobal(name: string): boolean {
    return this.globals.unregister(name);
  }

  /** The owner of the global `name` as this node knows it (updated as claims arrive), or undefined. */
  whereisGlobal(name: string): Pid | undefined {
    return this.globals.whereis(name);
  }

  /** Every global name this node knows of, sorted. */
  registeredGlobal(): string[] {
    return this.globals.names();
  }

  /** Sends `msg` to the owner of the global `name` (Erlang's `global:send`); `unknownName` when nobody owns it. */
  sendGlobal(name: string, msg: unknown): void {
    const pid = this.globals.whereis(name);
    if (pid === undefined) throw new CorralError('unknownName', `global ${String(name)}`);
    this.runtime.send(pid, msg);
  }

  /** The names of the other nodes connected now (empty without a transport). */
  connectedNodes(): string[] {
    return this.runtime.distribution?.connectedNodes() ?? [];
  }

  /**
   * Ends every process with `reason` (default `'shutdown'`, untrappable here), cancels every timer and
   * leaves the cluster (other nodes see it go down at once); spawning then throws.
   */
  stop(reason: ExitReason = 'shutdown'): void {
    this.runtime.stop(reason);
  }
}

/**
 * @internal Builds a node; `distribute`, when given, makes the runtime's {@link Distribution} (the
 * node layer never imports the distribution layer: `createNode` in distribution/create-node.ts injects it).
 */
export function buildNode(opts: LocalNodeOptions, distribute?: (runtime: Runtime) => Distribution): Node {
  const name = opts.name ?? 'nonode@nohost';
  if (typeof name !== 'string' || name.length === 0) throw new CorralError('badOption', 'name must be a non-empty string');
  const runtime = new Runtime({
    name,
    creation: opts.creation ?? 0,
    clock: opts.clock ?? realClock,
    logger: opts.logger ?? consoleLogger,
    budget: positiveInt(opts.budget, 100, 'budget'),
    slice: positiveInt(opts.slice, 5000, 'slice'),
  });
  if (distribute !== undefined) runtime.distribution = distribute(runtime);
  return new Node(runtime);
}
