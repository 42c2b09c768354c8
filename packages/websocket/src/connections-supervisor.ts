// The process that owns a server's connections: spawns each one linked to itself, closes them all on request.
import { isExitMessage, type Node, type Pid, type ProcessContext, type ProcessHandler } from '@corral/actor';
import type { ConnectionRequest } from './connection-request.js';
import { Connection, ServerClosing } from './connection.js';
import { httpResponse } from './handshake.js';
import { endSocket } from './end-socket.js';

/** Start a connection process for this upgrade request. */
class StartConnection {
  constructor(readonly request: ConnectionRequest) {}
}
/** Close every connection (1001), then exit once all have exited. */
class CloseConnections {}

/**
 * The supervisor's process handler. It traps exits, so a connection's crash reaches it as an EXIT
 * message and nothing else; it does not log it (the connection logged its own crash once).
 */
class ConnectionsSupervisorProcess implements ProcessHandler<null> {
  /** Live connections. */
  readonly live = new Set<Pid>();
  /** Start requests sent but not yet handled (they count towards maxConnections). */
  pending = 0;
  private closing = false;

  constructor(private readonly node: Node) {}

  init(ctx: ProcessContext): null {
    ctx.trapExit(true);
    return null;
  }

  handleMessage(msg: unknown, state: null, ctx: ProcessContext): null {
    if (msg instanceof StartConnection) this.start(msg.request, ctx);
    else if (isExitMessage(msg)) this.live.delete(msg.from);
    else if (msg instanceof CloseConnections) this.closeAll(ctx);
    else this.node.logger.warn(`WebSocket connections supervisor ${ctx.self.toString()} got an unexpected message`, { pid: ctx.self, msg });
    if (this.closing && this.live.size === 0 && this.pending === 0) ctx.exit('normal');
    return state;
  }

  private start(request: ConnectionRequest, ctx: ProcessContext): void {
    this.pending--;
    if (this.closing) return endSocket(request.socket, httpResponse({ status: 503 }));
    const pid = ctx.spawnHandler(new Connection(this.node, request), { link: true, kind: 'connection' });
    this.live.add(pid);
  }

  private closeAll(ctx: ProcessContext): void {
    if (this.closing) return;
    this.closing = true;
    const closing = new ServerClosing();
    for (const pid of this.live) ctx.send(pid, closing);
  }
}

/**
 * A server's handle on its connections supervisor, used from outside any process (the HTTP server's
 * events): start connections, count and list them, close them all.
 */
export class ConnectionsSupervisor {
  private readonly process: ConnectionsSupervisorProcess;
  /** The supervisor's pid. */
  readonly pid: Pid;
  private closed: Promise<void> | undefined;

  constructor(private readonly node: Node) {
    this.process = new ConnectionsSupervisorProcess(node);
    this.pid = node.spawnHandler(this.process, { kind: 'supervisor' });
  }

  /** Connections alive or about to start. */
  get size(): number {
    return this.process.pending + this.process.live.size;
  }

  /** The pids of the live connections. */
  pids(): Pid[] {
    return [...this.process.live];
  }

  /** Asks the supervisor to start a connection; false when it is gone or closing (the caller refuses the upgrade). */
  start(request: ConnectionRequest): boolean {
    if (this.closed !== undefined || !this.node.isAlive(this.pid)) return false;
    this.process.pending++;
    this.node.send(this.pid, new StartConnection(request));
    return true;
  }

  /** Closes every connection with 1001 and resolves once each has run websocketTerminate and exited. Idempotent. */
  close(): Promise<void> {
    if (this.closed !== undefined) return this.closed;
    const exited = this.node.awaitExit(this.pid);
    this.node.send(this.pid, new CloseConnections());
    this.closed = exited.then(() => undefined);
    return this.closed;
  }
}
