// The node's runtime: wires the table, scheduler, registry, timers, links, monitors and signals into one host.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import * as pidModule from '../kernel/pid.js';
import { Ref, type TimerRef } from '../kernel/ref.js';
import { receive } from './async-runner.js';
import type { Clock } from './clock.js';
import { ExitSignals } from './exit-signals.js';
import { hibernateProcess, wakeProcess } from './hibernation.js';
import { IdentityTable } from './identity-table.js';
import { addLink } from './links.js';
import type { Logger } from './logger.js';
import * as mailbox from './mailbox.js';
import type { Distribution } from './distribution.js';
import type { Dest, ProcessBody, SpawnOptions } from './process-context.js';
import * as processFlags from './process-flags.js';
import type { ProcessHandler } from './process-context.js';
import { ProcessTable } from './process-table.js';
import { AsyncBody, Process, type ProcessHost } from './process.js';
import { Registry } from './registry.js';
import { Relations, type RelationsHost } from './relations.js';
import { isRemoteName, RemoteEndpoint } from './remote-endpoint.js';
import type { RunQueue } from './run-queue.js';
import { runSlice, type RunHost } from './run-slice.js';
import { Scheduler } from './scheduler.js';
import { validateHandler, validateSpawnOptions } from './spawn-options.js';
import { Timers } from './timers.js';
import { logCrash, terminateProcess } from './termination.js';

/** The cluster-wide name registry as the runtime uses it (the node attaches its global registry). */
export interface GlobalNameTable {
  /** Registers `name` for the live local process `pid`; false when the name is taken. */
  register(name: string, pid: Pid): boolean;
  /** The owner of `name` as this node knows it. */
  whereis(name: string): Pid | undefined;
}

/** Everything a runtime is made from. */
export interface RuntimeConfig {
  name: string;
  creation: number;
  clock: Clock;
  logger: Logger;
  budget: number;
  slice: number;
}

// Module constants rather than imports, for what is used per message: V8 folds a module's own constants
// into the code, but loads and checks an imported binding on each use.
const { DEAD, EXITING, HANDLER, HIBERNATED, INLINE, RUNNING, SCHEDULED, WAITING } = processFlags;
const { Pid } = pidModule;
type Pid = pidModule.Pid;
const { enqueue } = mailbox;
const WAKES = HANDLER | WAITING | HIBERNATED;
/** The flags tested for a handler process that is alive, not queued, not running, and holds no inline message. */
const IDLE_HANDLER = HANDLER | DEAD | EXITING | SCHEDULED | RUNNING | INLINE;

/** The host of every process of one node. */
export class Runtime implements ProcessHost, RunHost, RelationsHost {
  readonly name: string;
  readonly creation: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly budget: number;
  readonly codec: IdentityTable;
  readonly table = new ProcessTable();
  readonly registry = new Registry();
  readonly scheduler: Scheduler;
  readonly timers: Timers;
  /**
   * Aliases (Erlang's `alias/0`): refs that route a reply to a callback rather than a mailbox, so a
   * reply that comes after its caller gave up is dropped instead of landing in a mailbox.
   */
  readonly aliases = new Map<Ref, (msg: unknown) => void>();
  /** The sender of exit signals and messages that come from outside any process. */
  readonly rootPid: Pid;
  /** The runtime's side of cross-node links, monitors and messages (the distribution layer calls in). */
  readonly remote: RemoteEndpoint;
  /** Links, monitors and exit signals, local or across nodes. */
  readonly relations = new Relations(this);
  /** Reaches other nodes; attached by a node created with a transport, else null (remote traffic dropped). */
  distribution: Distribution | null = null;
  /** The global name registry; attached by the node. */
  globals: GlobalNameTable | null = null;
  private readonly signals: ExitSignals;
  private lastRef = 0;
  stopped = false;

  constructor(config: RuntimeConfig) {
    this.name = config.name;
    this.creation = config.creation;
    this.clock = config.clock;
    this.logger = config.logger;
    this.budget = config.budget;
    this.rootPid = new Pid(this, 0, null);
    this.codec = new IdentityTable(this);
    this.scheduler = new Scheduler(this, config);
    this.timers = new Timers({ clock: this.clock, makeRef: () => this.makeRef(), fire: (dest, msg) => this.fire(dest, msg) });
    this.signals = new ExitSignals({ deliver: (p, msg) => this.deliver(p, msg), terminate: (p, r) => this.terminate(p, r) });
    this.remote = new RemoteEndpoint({
      name: this.name,
      registry: this.registry,
      distribution: () => this.distribution,
      resolve: (pid) => this.local(pid, 'remote'),
      deliver: (p, msg) => this.deliver(p, msg),
      signal: (from, to, reason, viaLink) => this.signal(from, to, reason, viaLink),
    });
  }

  // ---- messages ----------------------------------------------------------------------------

  send(dest: Dest, msg: unknown): void {
    // A local pid is the per-message case; the other destinations are routed out of line (a small, inlinable send).
    if (dest instanceof Pid && dest.home === this) {
      const p = dest.proc;
      if (p !== null) this.deliver(p as Process, msg);
    } else {
      this.route(dest, msg);
    }
  }

  /** `send` to a pid of another node, a registered name or a `{ name, node }`. */
  private route(dest: Dest, msg: unknown): void {
    if (dest instanceof Pid) {
      this.distribution?.sendRemote(dest, msg); // dropped without a distribution, as in Erlang when the node is not connected
    } else if (typeof dest === 'string') {
      const p = this.registry.lookup(dest);
      if (p === undefined) throw new CorralError('unknownName', dest);
      this.deliver(p, msg);
    } else if (isRemoteName(dest)) {
      this.remote.sendNamed(dest, msg);
    } else {
      throw new CorralError('badDestination', String(dest));
    }
  }

  /** Puts `msg` in the mailbox of `p` and makes `p` runnable when it is waiting for one. */
  deliver(p: Process, msg: unknown): void {
    const flags = p.flags;
    if ((flags & IDLE_HANDLER) === HANDLER && p.q === null) {
      // The ring and ping-pong case in one flag write: an idle handler process with an empty mailbox
      // holds the message inline (see enqueue in mailbox.ts) and goes to the run queue.
      p.q = msg;
      p.flags = flags | INLINE | SCHEDULED;
      this.scheduler.enqueueFlagged(p);
    } else {
      this.deliverOther(p, msg, flags);
    }
  }

  /** {@link deliver} to a process that is gone, busy, an async body, or has messages waiting already (kept apart: a small deliver inlines). */
  private deliverOther(p: Process, msg: unknown, flags: number): void {
    if ((flags & (DEAD | EXITING)) !== 0) return;
    enqueue(p, msg, (flags & HANDLER) !== 0);
    if ((flags & (SCHEDULED | RUNNING)) === 0 && (flags & WAKES) !== 0) this.scheduler.enqueue(p);
  }

  schedule(p: Process): void {
    if ((p.flags & (SCHEDULED | DEAD)) === 0) this.scheduler.enqueue(p);
  }

  receive(p: Process, match: ((msg: unknown) => boolean) | undefined, timeout: number): Promise<unknown> {
    return receive(this, p, match, timeout);
  }

  /** The scheduler's entry point: runs processes for one slice (see run-slice.ts). */
  runSlice(queue: RunQueue, used: number, slice: number, budget: number): number {
    return runSlice(this, queue, used, slice, budget);
  }

  // ---- spawning ----------------------------------------------------------------------------

  spawn(parent: Process | null, body: ProcessBody, opts: SpawnOptions | undefined): Pid {
    if (typeof body !== 'function') throw new CorralError('badFunction', 'spawn(body): body must be a function');
    return this.start(parent, new AsyncBody(body), 0, opts);
  }

  spawnHandler(parent: Process | null, handler: ProcessHandler<unknown>, opts: SpawnOptions | undefined): Pid {
    validateHandler(handler);
    return this.start(parent, handler, HANDLER, opts);
  }

  private start(parent: Process | null, handler: ProcessHandler<unknown> | AsyncBody, flags: number, opts: SpawnOptions | undefined): Pid {
    if (this.stopped) throw new CorralError('nodeStopped', this.name);
    validateSpawnOptions(opts, parent !== null);
    const p = new Process(this, this.table.nextId(), flags, handler);
    if (opts?.name !== undefined) this.registry.register(opts.name, p);
    if (opts?.kind !== undefined) p.extra().kind = opts.kind;
    this.table.add(p);
    if (opts?.link === true && parent !== null) addLink(parent, p);
    this.scheduler.enqueue(p);
    return p.pid;
  }

  // ---- links, monitors, exit signals (the routing is in relations.ts) ---------------------

  /** The live local process of `pid`, or null (gone, exiting or on another node); throws `badPid` for a non-pid. */
  local(pid: unknown, what: string): Process | null {
    if (!(pid instanceof Pid)) throw new CorralError('badPid', `${what}: ${String(pid)}`);
    const p = pid.home === this ? (pid.proc as Process | null) : null;
    return p === null || (p.flags & (DEAD | EXITING)) !== 0 ? null : p;
  }

  /** Applies an exit signal to a local process (Erlang's rules, in exit-signals.ts). */
  signal(from: Pid, to: Process, reason: ExitReason, viaLink: boolean): void {
    this.signals.send(from, to, reason, viaLink);
  }

  /** Sends an exit signal from `from` to `to`, as `exit(pid, reason)` does. */
  exitSignal(from: Pid, to: Pid, reason: ExitReason): void {
    this.relations.exitSignal(from, to, reason, false);
  }

  /** Ends `p` with `reason`: its terminate callback, then names, timers, monitors and links. */
  terminate(p: Process, reason: ExitReason): void {
    terminateProcess(this, p, reason);
  }

  /**
   * Calls `watcher` with the exit reason when `pid` exits: a monitor for code that is not a process.
   * Returns the function that removes it, or `null` (and calls nothing) when `pid` is not alive here.
   */
  watchExit(pid: Pid, watcher: (reason: ExitReason) => void): (() => void) | null {
    const p = this.local(pid, 'watchExit');
    if (p === null) return null;
    const watchers = (p.extra().exitWatchers ??= new Set());
    watchers.add(watcher);
    return () => {
      watchers.delete(watcher);
    };
  }

  /** Logs a crash report, then ends `p` with what it threw. */
  crash(p: Process, error: unknown): void {
    logCrash(this.logger, p, error);
    this.terminate(p, error);
  }

  // ---- names, timers, refs -----------------------------------------------------------------

  register(name: string, pid: Pid): void {
    const p = this.local(pid, 'register');
    if (p === null) throw new CorralError('notAlive', `register(${String(name)}, ${pid.toString()})`);
    this.registry.register(name, p);
  }

  unregister(p: Process): void {
    if (!this.registry.release(p)) throw new CorralError('notRegistered', p.pid.toString());
  }

  whereis(name: string): Pid | undefined {
    return this.registry.lookup(name)?.pid;
  }

  registerGlobal(name: string, pid: Pid): boolean {
    if (this.globals === null) throw new CorralError('nodeStopped', `registerGlobal: ${this.name} has no global registry`);
    return this.globals.register(name, pid);
  }

  sendAfter(ms: number, dest: Dest, msg: unknown): TimerRef {
    if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) throw new CorralError('badTimeout', `sendAfter(${String(ms)})`);
    if (!(dest instanceof Pid) && typeof dest !== 'string' && !isRemoteName(dest)) throw new CorralError('badDestination', String(dest));
    if (!(dest instanceof Pid) || dest.home !== this) return this.timers.start(ms, dest, null, msg);
    const target = this.local(dest, 'sendAfter');
    return target === null ? this.makeRef() : this.timers.start(ms, dest, target, msg);
  }

  private fire(dest: Dest, msg: unknown): void {
    if (typeof dest === 'string') {
      const p = this.registry.lookup(dest);
      if (p !== undefined) this.deliver(p, msg);
      return;
    }
    try {
      this.send(dest, msg);
    } catch (error) {
      this.logger.warn(`sendAfter to ${String(dest)} dropped: ${error instanceof Error ? error.message : String(error)}`, { reason: error });
    }
  }

  cancelTimer(ref: TimerRef): number | false {
    if (!(ref instanceof Ref)) throw new CorralError('badRef', String(ref));
    return this.timers.cancel(ref);
  }

  readTimer(ref: TimerRef): number | false {
    if (!(ref instanceof Ref)) throw new CorralError('badRef', String(ref));
    return this.timers.read(ref);
  }

  makeRef(): Ref {
    return new Ref(this, ++this.lastRef);
  }

  // ---- hibernation ------------------------------------------------------------

  hibernate(p: Process, state: unknown): boolean {
    return hibernateProcess(p, state, this);
  }

  wake(p: Process): unknown {
    return wakeProcess(p, this);
  }

  // ---- node lifecycle ------------------------------------------------------------------------

  /** Ends every process with `reason` and cancels every timer; the node refuses new spawns. */
  stop(reason: ExitReason): void {
    this.stopped = true;
    for (const p of this.table.list()) this.terminate(p, reason);
    this.timers.clear();
    this.scheduler.clear();
    this.aliases.clear();
    this.distribution?.stop();
  }
}
