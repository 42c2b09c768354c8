// Test helper: starts nodes, servers and clients on loopback port 0, and tears every one of them down after each test.
import { createNode, type Node } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, type SimulatedClock } from '@corral/actor/testing';
import { listen, route, type ListenOptions, type Route, type Server, type WebSocketHandler } from '@corral/websocket';
import WebSocket from 'ws';
import { RawClient, type ConnectOptions } from './raw-client.js';

/** A started server. */
export interface Started {
  node: Node;
  server: Server;
  port: number;
  /** The simulated clock, when asked for. */
  clock: SimulatedClock;
}

/** Options of {@link Harness.listen}. */
export type StartOptions = Partial<Omit<ListenOptions, 'routes'>> & {
  /** Run the node on a simulated clock (default: real time). */
  simulated?: boolean;
};

/** A `ws` client with its messages queued. */
export interface WsClient {
  ws: WebSocket;
  /** The next message (text as a string, binary as a Buffer). */
  next(): Promise<string | Buffer>;
  /** The close code and reason the client got. */
  closed: Promise<{ code: number; reason: string }>;
}

/** Everything a test started; call {@link Harness.cleanup} in afterEach. */
export class Harness {
  private readonly nodes: Node[] = [];
  private readonly servers: Server[] = [];
  private readonly raws: RawClient[] = [];
  private readonly wss: WebSocket[] = [];

  /** A node (on a simulated clock when asked) and a server with `routes`. */
  async listen(routes: Route[], opts: StartOptions = {}): Promise<Started> {
    const { simulated, ...options } = opts;
    const clock = createSimulatedClock();
    const node = createNode(simulated === true ? { clock, logger: createRecordingLogger() } : { logger: createRecordingLogger() });
    this.nodes.push(node);
    const server = await listen(node, { port: 0, host: '127.0.0.1', routes, ...options });
    this.servers.push(server);
    return { node, server, port: server.address.port, clock };
  }

  /** A server with one route, `/ws`, to `handler`. */
  serve<S>(handler: WebSocketHandler<S, undefined>, opts: StartOptions = {}): Promise<Started> {
    return this.listen([route('/ws', handler)], opts);
  }

  /** A raw client, upgraded (or answered) once this resolves. */
  raw(port: number, opts?: ConnectOptions): Promise<RawClient> {
    return RawClient.connect(port, opts, (c) => this.raws.push(c));
  }

  /** An open `ws` client. */
  async ws(port: number, path = '/ws', protocols?: string[]): Promise<WsClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, protocols);
    this.wss.push(ws);
    const queue: Array<string | Buffer> = [];
    const takers: Array<(m: string | Buffer) => void> = [];
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const msg = isBinary ? data : data.toString('utf8');
      const take = takers.shift();
      if (take) take(msg);
      else queue.push(msg);
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
    });
    ws.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return {
      ws,
      closed,
      next: () => {
        const msg = queue.shift();
        return msg === undefined ? new Promise((resolve) => takers.push(resolve)) : Promise.resolve(msg);
      },
    };
  }

  /** Drops every client, closes every server (at most 5 s each), stops every node. */
  async cleanup(): Promise<void> {
    for (const c of this.raws.splice(0)) c.destroy();
    for (const ws of this.wss.splice(0)) ws.terminate();
    await Promise.all(this.servers.splice(0).map((s) => closeWithin(s, 5000)));
    for (const node of this.nodes.splice(0)) node.stop();
  }
}

async function closeWithin(server: Server, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    server.close().catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}
