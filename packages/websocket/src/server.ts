// A running server: the HTTP server's upgrade (and, for listen, request) listeners over a connections supervisor.
import type { Node, Pid } from '@corral/actor';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ConnectionsSupervisor } from './connections-supervisor.js';
import type { Server } from './options.js';
import { serveStatic } from './serve-static.js';
import type { ResolvedOptions } from './server-options.js';
import { handleUpgrade, type UpgradeTarget } from './upgrade.js';
import { WebSocketError } from './websocket-error.js';

/**
 * The {@link Server} behind listen and attach. An owned HTTP server (listen) also serves static
 * files and is closed with it; an attached one only loses the upgrade listener.
 */
export class RunningServer implements Server, UpgradeTarget {
  readonly supervisor: ConnectionsSupervisor;
  accepting = true;
  private closing: Promise<void> | undefined;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    handleUpgrade(this, request, socket as Socket, head);
  };
  private readonly onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    serveStatic(this.options, request, response);
  };

  constructor(
    node: Node,
    private readonly http: HttpServer | HttpsServer,
    readonly options: ResolvedOptions,
    private readonly owned: boolean,
  ) {
    this.supervisor = new ConnectionsSupervisor(node);
    http.on('upgrade', this.onUpgrade);
    if (owned) http.on('request', this.onRequest);
  }

  get address(): AddressInfo {
    const address = this.http.address();
    if (address === null || typeof address === 'string') throw new WebSocketError('notListening', String(address));
    return address;
  }

  connections(): Pid[] {
    return this.supervisor.pids();
  }

  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.accepting = false;
    this.http.off('upgrade', this.onUpgrade);
    const httpClosed = this.owned ? new Promise<void>((resolve) => this.http.close(() => resolve())) : Promise.resolve();
    this.closing = this.supervisor.close().then(async () => {
      if (!this.owned) return;
      this.http.closeIdleConnections();
      await httpClosed;
    });
    return this.closing;
  }
}
