// A WebSocket connection as a Corral process: the upgrade, then frames and messages through one mailbox, then the close.
import { formatReason, hibernate, type Hibernation, type Node, type Pid, type ProcessContext, type ProcessHandler } from '@corral/actor';
import { closeOutcome, receiverErrorCause, type StopCause } from './close-outcome.js';
import type { ConnectionRequest } from './connection-request.js';
import { acceptUpgrade, decideUpgrade, invalid, type Crash, type OpenOptions } from './connection-upgrade.js';
import { endSocket } from './end-socket.js';
import { pong, type Frame, type InFrame } from './frame.js';
import { validateReply } from './frame-validation.js';
import { callTerminate, exitCrashed, threw } from './handler-call.js';
import { IdleCheck, IdleTimer } from './idle-timer.js';
import { httpResponse } from './handshake.js';
import type { HandlerRoute } from './options.js';
import type { Req } from './req.js';
import { isResult, type HandlerResult, type ReplyResult, type ResultOptions } from './result.js';
import { FrameIn, PeerClose, ReceiverFailure, SocketGone, type SocketEvent, type WireEvent } from './socket-event.js';
import { SocketLink, type SocketLinkEvents } from './socket-link.js';

/** Sent by the server's connections supervisor when the server closes: close 1001, terminate normal shutdown. */
export class ServerClosing {}

const HANDLER_RESULTS = ['ok', 'reply', 'shutdown'] as const;

/**
 * One connection's process handler. It owns the socket, its link and the idle timer; the process
 * state the core keeps (and serializes on hibernate) is the user's handler state only. Socket events
 * reach the process as envelopes in its own mailbox, so frames and messages share one order: the
 * connection is its link's {@link SocketLinkEvents}, and sends each event to its own pid.
 */
export class Connection implements ProcessHandler<unknown>, SocketLinkEvents {
  private readonly req: Req;
  private readonly route: HandlerRoute;
  /**
   * The upgrade in progress, until the socket is handed to the link or released (refused or closed):
   * while it is set, the socket is this process's to destroy.
   */
  private request: ConnectionRequest | null;
  private self: Pid | null = null;
  private link: SocketLink | null = null;
  private sleep = false;
  /** Wire events that arrived while paused (`active: false`), handled in order on resume. */
  private deferred: WireEvent[] | null = null;
  /** Null without an idle timeout. */
  private idle: IdleTimer | null = null;
  /** The text frame websocketHandle is handling: a reply of the same text is sent as the bytes it came as. */
  private echo: FrameIn | null = null;

  constructor(
    private readonly node: Node,
    request: ConnectionRequest,
  ) {
    this.req = request.req;
    this.route = request.route;
    this.request = request;
  }

  init(ctx: ProcessContext): unknown {
    const outcome = decideUpgrade(this.route.handler, this.req, this.route.opts, ctx);
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
    while (this.link?.paused === false && this.deferred !== null && this.deferred.length > 0) next = this.dispatch(this.deferred.shift(), next, ctx);
    if (!this.sleep) return next;
    this.link?.rest();
    return hibernate(next);
  }

  /** Runs on every exit, `'kill'` included: a connection that did not close its socket destroys it. */
  terminate(): void {
    if (this.link !== null) this.link.destroyUnlessReleased();
    else this.request?.socket.destroy();
  }

  /** The link's events go to this process's mailbox. */
  deliver(event: SocketEvent): void {
    this.node.send(this.self as Pid, event);
  }

  /** Data from the client resets the idle timeout. */
  data(): void {
    this.idle?.touch();
  }

  /** Sends the 101 (with websocketInit's headers and the negotiated extension), then wires the socket. */
  private open(open: OpenOptions, ctx: ProcessContext): unknown | Hibernation<unknown> {
    const request = this.request as ConnectionRequest;
    const accepted = acceptUpgrade(request, open);
    if (accepted.type === 'threw') return this.upgradeCrashed(accepted, ctx);
    request.socket.write(accepted.head);
    this.self = ctx.self;
    if (Number.isFinite(open.timeout)) {
      this.idle = new IdleTimer(this.node.clock, open.timeout);
      this.idle.start(ctx);
    }
    const link = new SocketLink(request.socket, request.settings, accepted.deflate, this);
    this.link = link;
    this.request = null;
    if (!open.active) link.pause();
    link.start(request.head);
    if (!open.hibernate) return open.state;
    link.rest();
    return hibernate(open.state);
  }

  private dispatch(msg: unknown, state: unknown, ctx: ProcessContext): unknown {
    if (msg instanceof FrameIn || msg instanceof PeerClose || msg instanceof ReceiverFailure) {
      if (this.link?.paused !== true) return this.wire(msg, state, ctx);
      (this.deferred ??= []).push(msg);
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
      const frame = event.frame;
      if (frame.type === 'ping' && this.link?.send(pong(frame.data)) === 'overflow') return this.stop({ type: 'backpressure' }, state, ctx);
      if (frame.type !== 'text') return this.call('websocketHandle', frame, state, ctx);
      this.echo = event;
      const next = this.call('websocketHandle', frame, state, ctx);
      this.echo = null;
      return next;
    }
    if (event instanceof PeerClose) {
      return this.stop(event.code === undefined ? { type: 'clientClose' } : { type: 'clientClose', code: event.code, reason: event.reason }, state, ctx);
    }
    return this.stop(receiverErrorCause(event.error), state, ctx);
  }

  /** Calls websocketHandle or websocketInfo, then performs its result. */
  private call(name: 'websocketHandle' | 'websocketInfo', arg: unknown, state: unknown, ctx: ProcessContext): unknown {
    const handler = this.route.handler;
    let result: unknown;
    try {
      result = name === 'websocketHandle' ? handler.websocketHandle(arg as InFrame, this.req, state, ctx) : handler.websocketInfo(arg, this.req, state, ctx);
    } catch (thrown) {
      return this.crash(threw(thrown), state, ctx);
    }
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
    const frames = result.frames;
    if (!Array.isArray(frames)) return this.crash(invalid('badResult', 'reply frames must be a frame or an array of frames'), previous, ctx);
    const count = validateReply(frames);
    if (typeof count === 'string') return this.crash(invalid('badFrame', count), previous, ctx);
    for (let i = 0; i < count; i++) {
      const frame = frames[i] as Frame;
      if (frame.type === 'close') return this.stop({ type: 'handlerClose', frame }, result.state, ctx);
      const encoded = frame.type === 'text' && this.echo !== null && frame.data === this.echo.text ? this.echo.bytes : undefined;
      if (this.link?.send(frame, encoded) === 'overflow') return this.stop({ type: 'backpressure' }, result.state, ctx);
    }
    this.options(result.opts);
    return result.state;
  }

  /** Applies a result's options: hibernate after this message, and flow control. */
  private options(opts: ResultOptions | undefined): void {
    this.sleep = opts?.hibernate === true;
    if (opts?.active === false) this.link?.pause();
    else if (opts?.active === true) this.link?.resume();
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
    return exitCrashed(crash, this.route, ctx, this.node.logger);
  }

  private close(cause: StopCause, state: unknown, ctx: ProcessContext): void {
    if (!this.node.isAlive(ctx.self)) ctx.exit('normal');
    const { frame, reason } = closeOutcome(cause);
    this.link?.close(frame);
    callTerminate(this.route, this.req, reason, state, ctx, this.node.logger);
  }

  /** init or websocketInit crashed: HTTP 500, no terminate, exit with the error. */
  private upgradeCrashed(crash: Crash, ctx: ProcessContext): never {
    this.release(httpResponse({ status: 500 }));
    return exitCrashed(crash, this.route, ctx, this.node.logger);
  }

  private release(response: Buffer): void {
    const socket = (this.request as ConnectionRequest).socket;
    this.request = null;
    endSocket(socket, response);
  }
}
