// The node's runtime: wires the table, scheduler, registry, timers, links, monitors and signals into one host.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import { Pid } from '../kernel/pid.js';
import { Ref, type TimerRef } from '../kernel/ref.js';
import { DownMessage, ExitMessage, NodeDownMessage } from '../kernel/system-message.js';
import { receive, runAsync, type AsyncHost } from './async-runner.js';
import type { Clock } from './clock.js';
import { ProcessExit } from './control-flow.js';
import { ExitSignals } from './exit-signals.js';
import { runHandler, type HandlerHost } from './handler-runner.js';
import { hibernateProcess, wakeProcess } from './hibernation.js';
import { IdentityTable } from './identity-table.js';
import { addLink, removeLink } from './links.js';
import type { Logger } from './logger.js';
import { enqueue, removeMessages } from './mailbox.js';
import { addMonitor, removeMonitor } from './monitors.js';
import type { Distribution } from './distribution.js';
import type { Dest, ProcessBody, SpawnOptions } from './process-context.js';
import { DEAD, EXITING, HANDLER, HIBERNATED, RUNNING, SCHEDULED, TRAP_EXIT, WAITING } from './process-flags.js';
import type { ProcessHandler } from './process-context.js';
import { ProcessTable } from './process-table.js';
import { AsyncBody, Process, type ProcessHost } from './process.js';
import { Registry } from './registry.js';
import { isRemoteName, RemoteEndpoint } from './remote-endpoint.js';
import { Scheduler } from './scheduler.js';
import { validateHandler, validateSpawnOptions } from './spawn-options.js';
import { Timers } from './timers.js';
import { logCrash, terminateProcess } from './termination.js';

/** Everything a runtime is made from. */
export interface RuntimeConfig {
  name: string;
  creation: number;
  clock: Clock;
  logger: Logger;
  budget: number;
  slice: number;
}

const WAKES = HANDLER | WAITING | HIBERNATED;

/** The host of every process of one node. */
export class Runtime implements ProcessHost, AsyncHost, HandlerHost {
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
  /** Reaches other nodes; attached by a node created with a transport, else null (remote traffic dropped). */
  distribution: Distribution | null = null;
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
      signal: (from, to, reason, viaLink) => this.signals.send(from, to, reason, viaLink),
    });
  }

  // ---- messages ----------------------------------------------------------------------------

  send(dest: Dest, msg: unknown): void {
    if (dest instanceof Pid) {
      if (dest.home === this) {
        if (dest.proc !== null) this.deliver(dest.proc as Process, msg);
      } else {
        this.sendRemote(dest, msg);
      }
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
    if ((flags & (DEAD | EXITING)) !== 0) return;
    enqueue(p, msg, (flags & HANDLER) !== 0);
    if ((flags & (SCHEDULED | RUNNING)) === 0 && (flags & WAKES) !== 0) this.scheduler.enqueue(p);
  }

  /** A pid of another node: through the distribution, if any (else dropped, as in Erlang when the node is not connected). */
  private sendRemote(dest: Pid, msg: unknown): void {
    this.distribution?.sendRemote(dest, msg);
  }

  schedule(p: Process): void {
    if ((p.flags & (SCHEDULED | DEAD)) === 0) this.scheduler.enqueue(p);
  }

  receive(p: Process, match: ((msg: unknown) => boolean) | undefined, timeout: number): Promise<unknown> {
    return receive(this, p, match, timeout);
  }

  /** The scheduler's entry point: one turn of `p`. */
  run(p: Process, budget: number): number {
    return (p.flags & HANDLER) !== 0 ? runHandler(this, p, budget) : runAsync(this, p);
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

  // ---- links, monitors, exit signals --------------------------------------------------------

  private local(pid: unknown, what: string): Process | null {
    if (!(pid instanceof Pid)) throw new CorralError('badPid', `${what}: ${String(pid)}`);
    const p = pid.home === this ? (pid.proc as Process | null) : null;
    return p === null || (p.flags & (DEAD | EXITING)) !== 0 ? null : p;
  }

  link(p: Process, pid: Pid): void {
    const target = this.local(pid, 'link');
    if (pid === p.pid) return;
    if (target !== null) return addLink(p, target);
    if (pid.home !== this && this.distribution !== null) return this.remote.linkOut(p, pid, this.distribution);
    if ((p.flags & TRAP_EXIT) !== 0) this.deliver(p, new ExitMessage(pid, 'noproc'));
    else throw new ProcessExit('noproc');
  }

  unlink(p: Process, pid: Pid): void {
    const target = this.local(pid, 'unlink');
    if (target !== null) removeLink(p, target);
    else if (p.ext?.links?.delete(pid) === true && pid.home !== this) this.distribution?.unlinkRemote(p.pid, pid);
  }

  monitor(p: Process, dest: Dest): Ref {
    const pid = typeof dest === 'string' ? this.whereis(dest) : isRemoteName(dest) ? this.whereisOwn(dest) : dest;
    if (pid === undefined) throw new CorralError(typeof dest === 'string' ? 'unknownName' : 'badPid', `monitor: ${String(dest)}`);
    const target = this.local(pid, 'monitor');
    const ref = this.makeRef();
    if (target === null && pid.home !== this && this.distribution !== null) return this.remote.monitorOut(p, pid, ref, this.distribution);
    if (target === null) this.deliver(p, new DownMessage(ref, pid, 'noproc'));
    else addMonitor(p, target, ref);
    return ref;
  }

  demonitor(p: Process, ref: Ref, flush: boolean): boolean {
    if (!(ref instanceof Ref)) throw new CorralError('badRef', String(ref));
    const target = removeMonitor(p, ref);
    const active = target !== undefined;
    if (active && target.home !== this) this.distribution?.demonitorRemote(p.pid, target, ref);
    if (flush) removeMessages(p, (m) => m instanceof DownMessage && m.ref === ref);
    return active;
  }

  exitSignal(from: Pid, to: Pid, reason: ExitReason): void {
    const target = this.local(to, 'exit');
    if (target !== null) this.signals.send(from, target, reason, false);
    else if (to.home !== this) this.distribution?.exitRemote(from, to, reason, false);
  }

  /** Subscribes `p` to the up and down events of node `node` (or unsubscribes). */
  monitorNode(p: Process, node: string, on: boolean): void {
    if (typeof node !== 'string' || node.length === 0) throw new CorralError('badOption', `monitorNode(${String(node)})`);
    if (node === this.name) return;
    const up = this.distribution?.monitorNode(p.pid, node, on) ?? false;
    if (on && !up) this.deliver(p, new NodeDownMessage(node, 'noconnection'));
  }

  /** `{ name, node }` for a monitor: only this node's own names for now (a remote name is not resolved yet). */
  private whereisOwn(dest: { name: string; node: string }): Pid | undefined {
    if (dest.node !== this.name) throw new CorralError('badDestination', `monitor of a name on another node (${dest.name} on ${dest.node}) is not supported yet`);
    return this.whereis(dest.name);
  }

  /** Ends `p` with `reason`: its terminate callback, then names, timers, monitors and links. */
  terminate(p: Process, reason: ExitReason): void {
    terminateProcess(this, p, reason);
  }

  /** Sends the exit signal of a process that exited to one it was linked to. */
  linkSignal(from: Pid, to: Pid, reason: ExitReason): void {
    const target = this.local(to, 'link');
    if (target !== null) this.signals.send(from, target, reason, true);
    else if (to.home !== this) this.distribution?.exitRemote(from, to, reason, true);
  }

  notifyDown(watcher: Pid, ref: Ref, pid: Pid, reason: ExitReason): void {
    if (watcher.home !== this) this.distribution?.downRemote(watcher, ref, pid, reason);
    else if (watcher.proc !== null) this.deliver(watcher.proc as Process, new DownMessage(ref, pid, reason));
  }

  releaseMonitor(watcher: Pid, ref: Ref, target: Pid): void {
    if (target.home !== this) this.distribution?.demonitorRemote(watcher, target, ref);
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
