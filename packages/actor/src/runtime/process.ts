// The process record: pid, flags, mailbox, behaviour and state; it is also the process's context.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import type { NodeIdentity } from '../kernel/node-identity.js';
import { Pid } from '../kernel/pid.js';
import type { Ref, TimerRef } from '../kernel/ref.js';
import { HibernateRequest, ProcessExit, UNWIND_DEAD } from './control-flow.js';
import type {
  Dest, HibernateFn, ProcessBody, ProcessContext, ReceiveOptions, RemoteName, SpawnedMonitor, SpawnOptions,
} from './process-context.js';
import * as processFlags from './process-flags.js';
import type { ProcessHandler } from './process-context.js';

// Module constants rather than imports, for what is used per message: V8 folds a module's own constants
// into the code, but loads and checks an imported binding on each use.
const { DEAD, HANDLER, TRAP_EXIT } = processFlags;

/** Links, monitors and exit signals, as the context operations use them (relations.ts implements it). */
export interface ProcessRelations {
  link(p: Process, pid: Pid): void;
  unlink(p: Process, pid: Pid): void;
  monitor(p: Process, dest: Dest): Ref;
  demonitor(p: Process, ref: Ref, flush: boolean): boolean;
  monitorNode(p: Process, node: string, on: boolean): void;
  /** An exit signal; `viaLink` when `from` exited and they were linked. */
  exitSignal(from: Pid, to: Pid, reason: ExitReason, viaLink: boolean): void;
}

/**
 * What a process needs from its node. The runtime implements it; a process reaches it through its
 * pid (`pid.home`), so the record carries no extra pointer.
 */
export interface ProcessHost extends NodeIdentity {
  send(dest: Dest, msg: unknown): void;
  receive(p: Process, match: ((msg: unknown) => boolean) | undefined, timeout: number): Promise<unknown>;
  spawn(parent: Process | null, body: ProcessBody, opts: SpawnOptions | undefined): Pid;
  spawnHandler(parent: Process | null, handler: ProcessHandler<unknown>, opts: SpawnOptions | undefined): Pid;
  readonly relations: ProcessRelations;
  register(name: string, pid: Pid): void;
  unregister(p: Process): void;
  whereis(name: string): Pid | undefined;
  registerGlobal(name: string, pid: Pid): boolean;
  sendAfter(ms: number, dest: Dest, msg: unknown): TimerRef;
  cancelTimer(ref: TimerRef): number | false;
  readTimer(ref: TimerRef): number | false;
  makeRef(): Ref;
}

/** The state of an async body: its function, and the receive it waits in. */
export class AsyncBody {
  /** Immediate receives left before the process goes back through the scheduler. */
  budget = 0;
  match: ((msg: unknown) => boolean) | undefined = undefined;
  resolve: ((msg: unknown) => void) | null = null;
  timer: object | null = null;
  /** Mailbox index from which the pending receive still has to look. */
  scanFrom = 0;

  constructor(public fn: HibernateFn<unknown>) {}
}

/** The rarely used parts of a process, allocated on first use to keep idle processes small. */
export class ProcessExt {
  links: Set<Pid> | null = null;
  /** Monitors this process holds: ref -> monitored pid. */
  monitors: Map<Ref, Pid> | null = null;
  /**
   * Monitors this process holds on a `{ name, node }`: ref -> that name (a local one also has its
   * pid in `monitors`; a remote one only this entry). Its DOWN names the name, as in Erlang.
   */
  namedMonitors: Map<Ref, RemoteName> | null = null;
  /** Monitors on this process: ref -> watching pid. */
  monitoredBy: Map<Ref, Pid> | null = null;
  /** Timers whose destination is this process (dropped when it exits). */
  timers: Set<Ref> | null = null;
  name: string | undefined = undefined;
  kind: string | undefined = undefined;
  /** Callbacks told of this process's exit reason (awaitExit, calls from outside any process). */
  exitWatchers: Set<(reason: ExitReason) => void> | null = null;
}

/**
 * One process. Kept to nine fields (a hibernated process costs about 150 bytes with its pid); the
 * context operations delegate to the node through `pid.home`.
 */
export class Process implements ProcessContext {
  readonly pid: Pid;
  // Initialized to a number: a field first defined as undefined stays "tagged" in V8, and flags are tested per message.
  flags = 0;
  /**
   * The mailbox, created on the first message that has to wait; for a handler process with one
   * waiting message and flag INLINE, that message itself (see `enqueue` in mailbox.ts).
   */
  q: unknown = null;
  /**
   * The {@link ProcessHandler} of a callback-driven process; the {@link AsyncBody} of an async one,
   * or only its wake-up function while it hibernates (the body record is rebuilt on waking).
   */
  handler: ProcessHandler<unknown> | AsyncBody | HibernateFn<unknown> | null;
  /** The handler's state (while hibernated with flag ENCODED, its serialized form as a latin1 string). */
  state: unknown = undefined;
  // The fields above and `handled` are read per message; the rarely used ones come last (fewer cache lines per run).
  handled = 0;
  prev: Process | null = null;
  next: Process | null = null;
  ext: ProcessExt | null = null;

  constructor(host: ProcessHost, id: number, flags: number, handler: ProcessHandler<unknown> | AsyncBody) {
    this.pid = new Pid(host, id, this);
    this.flags = flags;
    this.handler = handler;
  }

  /** The extension record, created on first use. */
  extra(): ProcessExt {
    return (this.ext ??= new ProcessExt());
  }

  private host(): ProcessHost {
    if ((this.flags & DEAD) !== 0) throw UNWIND_DEAD;
    return this.pid.home as ProcessHost;
  }

  get self(): Pid {
    return this.pid;
  }

  send(dest: Dest, msg: unknown): void {
    // host() by hand: this is the per-message operation, and one call level less leaves V8 room to inline the rest.
    if ((this.flags & DEAD) !== 0) throw UNWIND_DEAD;
    (this.pid.home as ProcessHost).send(dest, msg);
  }

  receive(match?: (msg: unknown) => boolean, opts?: ReceiveOptions): Promise<never> {
    const host = this.host();
    if ((this.flags & HANDLER) !== 0) throw new CorralError('notInBody', 'receive: a handler gets its messages in handleMessage');
    return host.receive(this, match, opts?.timeout ?? Infinity) as Promise<never>;
  }

  spawn(body: ProcessBody, opts?: SpawnOptions): Pid {
    return this.host().spawn(this, body, opts);
  }

  spawnLink(body: ProcessBody, opts?: SpawnOptions): Pid {
    return this.host().spawn(this, body, { ...opts, link: true });
  }

  spawnMonitor(body: ProcessBody, opts?: SpawnOptions): SpawnedMonitor {
    const host = this.host();
    const pid = host.spawn(this, body, opts);
    return { pid, ref: host.relations.monitor(this, pid) };
  }

  spawnHandler<S>(handler: ProcessHandler<S>, opts?: SpawnOptions): Pid {
    return this.host().spawnHandler(this, handler as ProcessHandler<unknown>, opts);
  }

  link(pid: Pid): void {
    this.host().relations.link(this, pid);
  }

  unlink(pid: Pid): void {
    this.host().relations.unlink(this, pid);
  }

  monitor(dest: Dest): Ref {
    return this.host().relations.monitor(this, dest);
  }

  demonitor(ref: Ref, opts?: { flush?: boolean }): boolean {
    return this.host().relations.demonitor(this, ref, opts?.flush === true);
  }

  monitorNode(node: string): void {
    this.host().relations.monitorNode(this, node, true);
  }

  demonitorNode(node: string): void {
    this.host().relations.monitorNode(this, node, false);
  }

  trapExit(on: boolean): boolean {
    this.host();
    const was = (this.flags & TRAP_EXIT) !== 0;
    this.flags = on ? this.flags | TRAP_EXIT : this.flags & ~TRAP_EXIT;
    return was;
  }

  exit(reason: ExitReason): never;
  exit(pid: Pid, reason: ExitReason): void;
  exit(...args: [ExitReason] | [Pid, ExitReason]): void {
    const host = this.host();
    if (args.length === 1) throw new ProcessExit(args[0]);
    host.relations.exitSignal(this.pid, args[0], args[1], false);
    if ((this.flags & DEAD) !== 0) throw UNWIND_DEAD;
  }

  register(name: string): void {
    this.host().register(name, this.pid);
  }

  unregister(): void {
    this.host().unregister(this);
  }

  whereis(name: string): Pid | undefined {
    return this.host().whereis(name);
  }

  registerGlobal(name: string): boolean {
    return this.host().registerGlobal(name, this.pid);
  }

  sendAfter(ms: number, dest: Dest, msg: unknown): TimerRef {
    return this.host().sendAfter(ms, dest, msg);
  }

  cancelTimer(ref: TimerRef): number | false {
    return this.host().cancelTimer(ref);
  }

  readTimer(ref: TimerRef): number | false {
    return this.host().readTimer(ref);
  }

  makeRef(): Ref {
    return this.host().makeRef();
  }

  hibernate<S>(fn: HibernateFn<S>, state: S): never {
    this.host();
    if ((this.flags & HANDLER) !== 0) throw new CorralError('notInBody', 'hibernate: a handler returns hibernate(state)');
    if (typeof fn !== 'function') throw new CorralError('badFunction', 'hibernate(fn, state)');
    throw new HibernateRequest(fn as HibernateFn<unknown>, state);
  }

  toString(): string {
    return this.pid.toString();
  }
}
