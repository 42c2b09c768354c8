// A WebSocket connection as a Corral process: the upgrade, then frames and messages through one mailbox, then the close.
import { formatReason, hibernate, isNormalExit, type Hibernation, type Node, type ProcessContext, type ProcessHandler } from '@corral/actor';
import type { Socket } from 'node:net';
import { closeOutcome, receiverErrorCause, type StopCause } from './close-outcome.js';
import { decideUpgrade, invalid, type Crash, type OpenOptions } from './connection-upgrade.js';
import { negotiateDeflate } from './deflate.js';
import { pong, type Frame, type InFrame } from './frame.js';
import { validateFrame } from './frame-validation.js';
import { invoke } from './handler-call.js';
import { IdleCheck, IdleTimer } from './idle-timer.js';
import { acceptKey, httpResponse, switchingProtocols } from './handshake.js';
import type { HandlerRoute } from './options.js';
import type { Req } from './req.js';
import { isResult, type HandlerResult, type ReplyResult, type ResultOptions } from './result.js';
import { FrameIn, PeerClose, ReceiverFailure, SocketGone, SocketLink, endSocket, type WireEvent } from './socket-link.js';
import type { TerminateReason } from './terminate-reason.js';

/** Sent by the server's connections supervisor when the server closes: close 1001, terminate normal shutdown. */
export class ServerClosing {}

/** The server options a connection uses. */
export interface ConnectionSettings {
  maxFrameSize: number;
  compress: boolean;
  maxBackpressure: number;
  onBackpressure: 'close' | 'drop';
}

/** An upgrade request that passed the server's checks: what a connection process starts from. */
export interface ConnectionRequest {
  socket: Socket;
  /** Bytes that came after the request head (already frames). */
  head: Buffer;
  req: Req;
  route: HandlerRoute;
  /** The client's Sec-WebSocket-Key. */
  key: string;
  /** The client's Sec-WebSocket-Extensions offer. */
  extensions: string | undefined;
}

const HANDLER_RESULTS = ['ok', 'reply', 'shutdown'] as const;

/**
 * One connection's process handler. It owns the socket, its link and the idle timer; the process
 * state the core keeps (and serializes on hibernate) is the user's handler state only. Socket events
 * reach the process as envelopes in its own mailbox, so frames and messages share one order.
 */
export class Connection implements ProcessHandler<unknown> {
  private link: SocketLink | null = null;
  /** The socket was handed over to end by itself (a refusal or a close): the exit must not destroy it. */
  private released = false;
  private paused = false;
  private sleep = false;
  /** Wire events that arrived while paused (`active: false`), handled in order on resume. */
  private readonly deferred: WireEvent[] = [];
  private idle: IdleTimer | null = null;

  constructor(
    private readonly node: Node,
    private readonly request: ConnectionRequest,
    private readonly settings: ConnectionSettings,
  ) {}

  init(ctx: ProcessContext): unknown {
    const { route, req } = this.request;
    const outcome = decideUpgrade(route.handler, req, route.opts, ctx);
    switch (outcome.type) {
      case 'upgrade':
        return this.open(outcome.open, ctx);
      case 'refuse':
        this.release(outcome.response);
        return ctx.exit('normal');
      case 'crash':
        return this.upgradeCrashed(outcome.crash, ctx);
      default: {
        const never: never = outcome;
        throw new TypeError(`unknown upgrade outcome ${formatReason(never)}`);
      }
    }
  }

  handleMessage(msg: unknown, state: unknown, ctx: ProcessContext): unknown {
    let next = this.dispatch(msg, state, ctx);
    while (!this.paused && this.deferred.length > 0) next = this.dispatch(this.deferred.shift(), next, ctx);
    return this.sleep ? hibernate(next) : next;
  }

  /** Runs on every exit, `'kill'` included: a connection that did not close its socket destroys it. */
  terminate(): void {
    if (this.link !== null) this.link.destroyUnlessReleased();
    else if (!this.released) this.request.socket.destroy();
  }

  /** Sends the 101 (with websocketInit's headers and the negotiated extension), then wires the socket. */
  private open(open: OpenOptions, ctx: ProcessContext): unknown | Hibernation<unknown> {
    const { settings, request, node } = this;
    const deflate = settings.compress ? negotiateDeflate(request.extensions, Number.isFinite(settings.maxFrameSize) ? settings.maxFrameSize : 0) : undefined;
    let head: string;
    try {
      const headers = deflate === undefined ? open.headers : { ...open.headers, 'sec-websocket-extensions': deflate.header };
      head = switchingProtocols(acceptKey(request.key), headers);
    } catch (error) {
      deflate?.extension.cleanup();
      return this.upgradeCrashed({ type: 'threw', thrown: error, cause: error, exit: false }, ctx);
    }
    request.socket.write(head);
    const self = ctx.self;
    const idle = new IdleTimer(node.clock, open.timeout);
    const link = new SocketLink(request.socket, settings, deflate?.extension, {
      deliver: (event) => node.send(self, event),
      data: () => idle.touch(),
    });
    this.link = link;
    this.idle = idle;
    idle.start(ctx);
    if (!open.active) {
      this.paused = true;
      link.pause();
    }
    link.start(request.head);
    return open.hibernate ? hibernate(open.state) : open.state;
  }

  private dispatch(msg: unknown, state: unknown, ctx: ProcessContext): unknown {
    if (msg instanceof FrameIn || msg instanceof PeerClose || msg instanceof ReceiverFailure) {
      if (!this.paused) return this.wire(msg, state, ctx);
      this.deferred.push(msg);
      return state;
    }
    if (msg instanceof SocketGone) {
      const error = msg.error;
      return this.stop(error === undefined ? { type: 'socketClosed' } : { type: 'socketError', code: error.code ?? 'socket', cause: error }, state, ctx);
    }
    if (msg instanceof IdleCheck) return this.idle?.expired(msg, ctx) === true ? this.stop({ type: 'idle' }, state, ctx) : state;
    if (msg instanceof ServerClosing) return this.stop({ type: 'serverClose' }, state, ctx);
    return this.call('websocketInfo', msg, state, ctx);
  }

  private wire(event: WireEvent, state: unknown, ctx: ProcessContext): unknown {
    if (event instanceof FrameIn) {
      if (event.frame.type === 'ping') this.link?.send(pong(event.frame.data));
      return this.call('websocketHandle', event.frame, state, ctx);
    }
    if (event instanceof PeerClose) {
      return this.stop(event.code === undefined ? { type: 'clientClose' } : { type: 'clientClose', code: event.code, reason: event.reason }, state, ctx);
    }
    return this.stop(receiverErrorCause(event.error), state, ctx);
  }

  private call(name: 'websocketHandle' | 'websocketInfo', arg: unknown, state: unknown, ctx: ProcessContext): unknown {
    const { route: { handler }, req } = this.request;
    const called = invoke(name === 'websocketHandle'
      ? () => handler.websocketHandle(arg as InFrame, req, state, ctx)
      : () => handler.websocketInfo(arg, req, state, ctx));
    if (called.type === 'threw') return this.crash(called, state, ctx);
    const result = called.value;
    if (!isResult(result, HANDLER_RESULTS)) return this.crash(invalid('badResult', `${name} returned ${formatReason(result)}`), state, ctx);
    return this.perform(result as HandlerResult<unknown>, state, ctx);
  }

  private perform(result: HandlerResult<unknown>, previous: unknown, ctx: ProcessContext): unknown {
    switch (result.type) {
      case 'ok':
        this.options(result.opts);
        return result.state;
      case 'reply':
        return this.replyWith(result, previous, ctx);
      case 'shutdown':
        return this.stop({ type: 'shutdown' }, result.state, ctx);
      default: {
        const never: never = result;
        return this.crash(invalid('badResult', formatReason(never)), previous, ctx);
      }
    }
  }

  /** Sends the frames up to and including the first close frame; an invalid frame sends nothing and crashes. */
  private replyWith(result: ReplyResult<unknown>, previous: unknown, ctx: ProcessContext): unknown {
    if (!Array.isArray(result.frames)) return this.crash(invalid('badResult', 'reply frames must be a frame or an array of frames'), previous, ctx);
    const end = result.frames.findIndex((f: Frame) => typeof f === 'object' && f !== null && f.type === 'close');
    const frames: readonly Frame[] = end === -1 ? result.frames : result.frames.slice(0, end + 1);
    for (const frame of frames) {
      const problem = validateFrame(frame);
      if (problem !== null) return this.crash(invalid('badFrame', problem), previous, ctx);
    }
    for (const frame of frames) {
      if (frame.type === 'close') return this.stop({ type: 'handlerClose', frame }, result.state, ctx);
      if (this.link?.send(frame) === 'overflow') return this.stop({ type: 'backpressure' }, result.state, ctx);
    }
    this.options(result.opts);
    return result.state;
  }

  /** Applies a result's options: hibernate after this message, and flow control. */
  private options(opts: ResultOptions | undefined): void {
    this.sleep = opts?.hibernate === true;
    if (opts?.active === false && !this.paused) {
      this.paused = true;
      this.link?.pause();
    } else if (opts?.active === true && this.paused) {
      this.paused = false;
      this.link?.resume();
    }
  }

  /** Closes with the frame and reason of THE table, calls websocketTerminate, and exits `'normal'`. */
  private stop(cause: StopCause, state: unknown, ctx: ProcessContext): never {
    this.close(cause, state, ctx);
    return ctx.exit('normal');
  }

  /** A callback threw or returned garbage: 1011, terminate with the state from before the call, then exit with the error. */
  private crash(crash: Crash, previous: unknown, ctx: ProcessContext): never {
    if (!this.node.isAlive(ctx.self)) throw crash.thrown;
    this.close({ type: 'handlerError', cause: crash.cause }, previous, ctx);
    return this.exitCrashed(crash, ctx);
  }

  private close(cause: StopCause, state: unknown, ctx: ProcessContext): void {
    if (!this.node.isAlive(ctx.self)) ctx.exit('normal');
    const { frame, reason } = closeOutcome(cause);
    this.link?.close(frame);
    this.terminateHandler(reason, state, ctx);
  }

  private terminateHandler(reason: TerminateReason, state: unknown, ctx: ProcessContext): void {
    const { route, req } = this.request;
    const called = invoke(() => route.handler.websocketTerminate(reason, req, state, ctx));
    if (called.type === 'returned') return;
    if (called.exit) throw called.thrown;
    this.node.logger.error(`websocketTerminate of WebSocket connection ${ctx.self.toString()} (route ${route.path}) threw: ${formatReason(called.cause)}`, {
      pid: ctx.self, route: route.path, reason: called.cause,
    });
  }

  /** init or websocketInit crashed: HTTP 500, no terminate, exit with the error. */
  private upgradeCrashed(crash: Crash, ctx: ProcessContext): never {
    this.release(httpResponse({ status: 500 }));
    return this.exitCrashed(crash, ctx);
  }

  /** Logs the crash once (pid and route), then exits with its cause (or rethrows a `ctx.exit(reason)`). */
  private exitCrashed(crash: Crash, ctx: ProcessContext): never {
    if (!isNormalExit(crash.cause)) {
      const route = this.request.route.path;
      this.node.logger.error(`WebSocket connection ${ctx.self.toString()} (route ${route}) crashed: ${formatReason(crash.cause)}`, {
        pid: ctx.self, route, reason: crash.cause,
      });
    }
    if (crash.exit) throw crash.thrown;
    return ctx.exit(crash.cause);
  }

  private release(response: Buffer): void {
    this.released = true;
    endSocket(this.request.socket, response);
  }
}
