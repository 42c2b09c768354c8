// What a process can do: the context handed to async bodies and to handler callbacks.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref, TimerRef } from '../kernel/ref.js';
import type { Hibernation } from './hibernation-result.js';

/** A name registered on a node, possibly another one: `{ name: 'chat', node: 'chat@host-2' }`. */
export interface RemoteName {
  /** The registered name. */
  name: string;
  /** The name of the node it is registered on. */
  node: string;
}

/** Where a message goes: a pid, a name registered on this node, or a name registered on a given node. */
export type Dest = Pid | string | RemoteName;

/** Returned by `receive` when its timeout expires before a matching message arrives. */
export const TIMEOUT: unique symbol = Symbol('corral.timeout');
/** The type of {@link TIMEOUT}. */
export type Timeout = typeof TIMEOUT;

/** The body of an async process: it runs once; returning exits `'normal'`, throwing crashes. */
export type ProcessBody = (ctx: ProcessContext) => unknown;

/** What `hibernate(fn, state)` resumes with when the next message arrives. */
export type HibernateFn<S> = (ctx: ProcessContext, state: S) => unknown;

/** Options of `receive`. */
export interface ReceiveOptions {
  /** Milliseconds to wait for a matching message (default `Infinity`; `0` polls). */
  timeout?: number;
}

/** Options of every spawn. */
export interface SpawnOptions {
  /** Register the new process under this name (atomically: a taken name spawns nothing). */
  name?: string;
  /** A label for observers (`'connection'`, `'room'`, `'supervisor'`...); shown by `processInfo`. */
  kind?: string;
  /** Link the new process to the caller (inside a process only). */
  link?: boolean;
}

/** A spawned and monitored process. */
export interface SpawnedMonitor {
  /** The new process. */
  pid: Pid;
  /** The monitor's ref: its DOWN message carries it. */
  ref: Ref;
}

/**
 * The context of a process: its pid and everything a process does (Erlang's BIFs). Async bodies get
 * it as their argument; handler callbacks get it as their last argument. It belongs to its process:
 * once the process has exited, every call on it throws, which unwinds a body that kept running.
 */
export interface ProcessContext {
  /** This process's pid. */
  readonly self: Pid;
  /**
   * Sends `msg` to `dest`: asynchronous, never blocks; a dead pid, or a pid or name of a node that is
   * down, is a silent no-op; an unknown local name throws. To another node, `msg` must be data that
   * can be encoded (else `CorralError('unencodable')` here).
   */
  send(dest: Dest, msg: unknown): void;
  /**
   * Waits for the first message in the mailbox that `match` accepts and removes it; unmatched
   * messages stay, in order. With `timeout`, resolves with {@link TIMEOUT} when none arrived in time
   * (`0` polls). Async bodies only.
   */
  receive(): Promise<unknown>;
  /** Waits for the first message that the type guard `match` accepts, typed by it. */
  receive<T>(match: (msg: unknown) => msg is T): Promise<T>;
  /** Waits for the first message that `match` accepts. */
  receive(match: (msg: unknown) => boolean): Promise<unknown>;
  /** Waits for the first message that the type guard `match` accepts (any message when undefined), or {@link TIMEOUT}. */
  receive<T>(match: ((msg: unknown) => msg is T) | undefined, opts: ReceiveOptions): Promise<T | Timeout>;
  /** Waits for the first message that `match` accepts (any message when undefined), or {@link TIMEOUT}. */
  receive(match: ((msg: unknown) => boolean) | undefined, opts: ReceiveOptions): Promise<unknown>;
  /** Spawns an async-body process (linked when `opts.link`). */
  spawn(body: ProcessBody, opts?: SpawnOptions): Pid;
  /** Spawns an async-body process linked to this one. */
  spawnLink(body: ProcessBody, opts?: SpawnOptions): Pid;
  /** Spawns an async-body process and monitors it. */
  spawnMonitor(body: ProcessBody, opts?: SpawnOptions): SpawnedMonitor;
  /** Spawns a callback-driven process (linked when `opts.link`). */
  spawnHandler<S>(handler: ProcessHandler<S>, opts?: SpawnOptions): Pid;
  /** Links this process to `pid` (both ways). Linking to a dead pid gives `'noproc'`. */
  link(pid: Pid): void;
  /** Removes the link to `pid`, if any. */
  unlink(pid: Pid): void;
  /** Monitors `dest`: one DOWN message when it exits (at once, `'noproc'`, when it is already gone). */
  monitor(dest: Dest): Ref;
  /**
   * Watches node `node`: a `NodeDownMessage` when it goes down (at once when it is not connected
   * now), a `NodeUpMessage` each time it connects again, until {@link demonitorNode}.
   */
  monitorNode(node: string): void;
  /** Stops watching node `node`. */
  demonitorNode(node: string): void;
  /** Removes a monitor; with `flush`, also removes its DOWN message if already delivered. True when it was active. */
  demonitor(ref: Ref, opts?: { flush?: boolean }): boolean;
  /** Turns exit trapping on or off; returns the previous setting. */
  trapExit(on: boolean): boolean;
  /** Ends this process with `reason` (throws to unwind the caller, like Erlang's `exit/1`). */
  exit(reason: ExitReason): never;
  /** Sends an exit signal to `pid` (Erlang's `exit/2`). */
  exit(pid: Pid, reason: ExitReason): void;
  /** Registers this process under `name` until it exits. */
  register(name: string): void;
  /** Removes this process's registered name. */
  unregister(): void;
  /** The pid registered under `name`, or `undefined`. */
  whereis(name: string): Pid | undefined;
  /**
   * Registers this process cluster-wide under `name` (Erlang's `global:register_name`, as
   * `node.registerGlobal` does): false when the name is taken. Freed when this process exits.
   */
  registerGlobal(name: string): boolean;
  /** Sends `msg` to `dest` after `ms` milliseconds (a name is resolved when the timer fires). */
  sendAfter(ms: number, dest: Dest, msg: unknown): TimerRef;
  /** Cancels a timer: the milliseconds that were left, or `false` when it already fired or is unknown. */
  cancelTimer(ref: TimerRef): number | false;
  /** The milliseconds left on a timer, or `false`. */
  readTimer(ref: TimerRef): number | false;
  /** A new unique reference. */
  makeRef(): Ref;
  /**
   * Hibernates (Erlang's `erlang:hibernate/3`): the body ends here, `state` is serialized and the
   * mailbox compacted; the next message wakes the process, which runs `fn(ctx, state)` as its new
   * body. Use as `return ctx.hibernate(fn, state)`. Async bodies only; handlers return `hibernate(state)`.
   */
  hibernate<S>(fn: HibernateFn<S>, state: S): never;
}

/**
 * A process driven by callbacks instead of an async body. The scheduler calls `handleMessage`
 * synchronously for each message, in order, with the state the previous call returned: no Promise
 * per message. GenServer and the WebSocket connection are built on it; build your own behaviours on
 * it too.
 *
 * - `init` runs once, in the process, before any message; it returns the first state.
 * - `handleMessage` returns the next state. Return {@link hibernate}`(state)` to hibernate after
 *   this message (the state is serialized, the mailbox compacted; the next message wakes it).
 * - Throwing from `init` or `handleMessage` crashes the process with the thrown value (a crash
 *   report is logged); `ctx.exit(reason)` ends it with `reason`.
 * - `terminate`, when given, runs exactly once when the process ends for any reason, including
 *   `'kill'`, with the last state. It is synchronous and cannot keep the process alive; use it to
 *   release what the process owns (a socket, a file).
 */
export interface ProcessHandler<S = unknown> {
  /** Runs once, in the process, before any message: returns the first state (or `hibernate(state)`). */
  init(ctx: ProcessContext): S | Hibernation<S>;
  /** Handles one message: returns the next state (or `hibernate(state)`). */
  handleMessage(msg: unknown, state: S, ctx: ProcessContext): S | Hibernation<S>;
  /** Runs once when the process ends, with the last state (`undefined` when `init` threw). */
  terminate?(reason: ExitReason, state: S | undefined, ctx: ProcessContext): void;
}
