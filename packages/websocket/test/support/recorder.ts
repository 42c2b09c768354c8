// Test helper: a WebSocket handler that records every callback call (name, arguments, state) and delegates to the test's callbacks.
import type { ExitReason, Node, Pid, ProcessContext } from '@corral/actor';
import { ok, type InFrame, type Req, type TerminateReason, type WebSocketHandler } from '@corral/websocket';
import { hex } from './frames.js';

/** The callbacks of a handler. */
export type CallbackName = 'init' | 'websocketInit' | 'websocketHandle' | 'websocketInfo' | 'websocketTerminate';

/** One recorded call: the arguments before `ctx`, and the state it was given (undefined for the init callbacks). */
export interface Call {
  name: CallbackName;
  args: unknown[];
  state: unknown;
  pid: Pid;
}

/** What websocketTerminate was given. */
export interface Termination<S> {
  reason: TerminateReason;
  req: Req;
  state: S;
}

/** The test's callbacks; the missing ones continue with the same state (websocketInit: `ok(undefined)`). */
export type Impl<S, O> = Partial<WebSocketHandler<S, O>>;

/** A recording handler and what it saw. */
export interface Recorder<S, O> {
  readonly handler: WebSocketHandler<S, O>;
  readonly calls: Call[];
  /** The calls, one line each: `websocketInit`, `handle text:hi`, `handle ping:616263`, `handle binary:1000B`, `info probe`, `terminate remote 1000`. */
  readonly log: string[];
  /** Resolves with the connection's pid at its first callback. */
  readonly pid: Promise<Pid>;
  /** Resolves when websocketTerminate has been called. */
  readonly terminated: Promise<Termination<S>>;
  /** Resolves when the log has a line `line` (or a line that `line` matches). */
  until(line: string | RegExp): Promise<void>;
  /** Watches the exits of the connections `node` runs from their first callback on: call it before connecting. */
  watch(node: Node): void;
  /** The exit reason of the first connection (of `pid`); needs {@link Recorder.watch}. */
  exited(pid?: Pid): Promise<ExitReason>;
}

/** A frame as one word: `text:hello`, `binary:0102` (hex), `ping:`...; over 128 characters or bytes only the size: `text:1000c`, `binary:1000B`. */
export function describeFrame(frame: InFrame): string {
  if (frame.type === 'text') return frame.data.length > 128 ? `text:${frame.data.length}c` : `text:${frame.data}`;
  return frame.data.length > 128 ? `${frame.type}:${frame.data.length}B` : `${frame.type}:${hex(frame.data).replaceAll(' ', '')}`;
}

/** A terminate reason as one line: `normal timeout`, `remote`, `remote 4000 bye`, `error badframe`. */
export function describeReason(reason: TerminateReason): string {
  switch (reason.type) {
    case 'normal':
      return `normal ${reason.reason}`;
    case 'remote':
      return reason.code === undefined ? 'remote' : `remote ${reason.code} ${reason.reason ?? ''}`.trimEnd();
    case 'error':
      return `error ${reason.error}`;
  }
}

function describeInfo(msg: unknown): string {
  return typeof msg === 'string' ? msg : JSON.stringify(msg);
}

/** Builds a recording handler around `impl`. */
export function record<S = undefined, O = undefined>(impl: Impl<S, O> = {}): Recorder<S, O> {
  const calls: Call[] = [];
  const log: string[] = [];
  const watchers: Array<{ line: string | RegExp; resolve: () => void }> = [];
  const exits = new Map<Pid, Promise<ExitReason>>();
  let watched: Node | undefined;
  let first: Pid | undefined;
  let gotPid: (pid: Pid) => void = () => undefined;
  let gotTermination: (t: Termination<S>) => void = () => undefined;
  const pid = new Promise<Pid>((resolve) => (gotPid = resolve));
  const terminated = new Promise<Termination<S>>((resolve) => (gotTermination = resolve));

  function note(name: CallbackName, line: string, args: unknown[], state: unknown, ctx: ProcessContext): void {
    calls.push({ name, args, state, pid: ctx.self });
    log.push(line);
    gotPid(ctx.self);
    first ??= ctx.self;
    if (watched !== undefined && !exits.has(ctx.self)) exits.set(ctx.self, watched.awaitExit(ctx.self));
    for (const w of watchers.filter((x) => matches(line, x.line))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  }

  const handler: WebSocketHandler<S, O> = {
    websocketInit(req, opts, ctx) {
      note('websocketInit', 'websocketInit', [req, opts], undefined, ctx);
      return impl.websocketInit ? impl.websocketInit(req, opts, ctx) : (ok(undefined) as ReturnType<WebSocketHandler<S, O>['websocketInit']>);
    },
    websocketHandle(frame, req, state, ctx) {
      note('websocketHandle', `handle ${describeFrame(frame)}`, [frame, req], state, ctx);
      return impl.websocketHandle ? impl.websocketHandle(frame, req, state, ctx) : ok(state);
    },
    websocketInfo(msg, req, state, ctx) {
      note('websocketInfo', `info ${describeInfo(msg)}`, [msg, req], state, ctx);
      return impl.websocketInfo ? impl.websocketInfo(msg, req, state, ctx) : ok(state);
    },
    websocketTerminate(reason, req, state, ctx) {
      note('websocketTerminate', `terminate ${describeReason(reason)}`, [reason, req], state, ctx);
      try {
        impl.websocketTerminate?.(reason, req, state, ctx);
      } finally {
        gotTermination({ reason, req, state });
      }
    },
  };
  if (impl.init !== undefined) {
    const init = impl.init;
    handler.init = (req, opts, ctx) => {
      note('init', 'init', [req, opts], undefined, ctx);
      return init(req, opts, ctx);
    };
  } else {
    handler.init = (req, opts, ctx) => note('init', 'init', [req, opts], undefined, ctx);
  }

  return {
    handler,
    calls,
    log,
    pid,
    terminated,
    until(line) {
      if (log.some((l) => matches(l, line))) return Promise.resolve();
      return new Promise((resolve) => watchers.push({ line, resolve }));
    },
    watch(node) {
      watched = node;
    },
    exited(pid) {
      const exit = exits.get(pid ?? (first as Pid));
      if (exit === undefined) throw new Error('exited(): no watched connection (call watch(node) before connecting)');
      return exit;
    },
  };
}

function matches(line: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? line === pattern : pattern.test(line);
}
