// The smallest WebSocket handler: every text or binary message comes back. `pnpm --filter @corral/examples echo`.
import { pathToFileURL } from 'node:url';
import { createNode, type Node } from '@corral/actor';
import { binary, listen, ok, reply, route, text, type Server, type WebSocketHandler } from '@corral/websocket';

/** Echoes text and binary frames as they came; the connection answers pings by itself. */
export const echoHandler: WebSocketHandler<null> = {
  websocketInit: () => ok(null),
  websocketHandle(frame, _req, state) {
    switch (frame.type) {
      case 'text': return reply(text(frame.data), state);
      case 'binary': return reply(binary(frame.data), state);
      case 'ping':
      case 'pong': return ok(state);
      default: {
        const never: never = frame;
        throw new Error(`unexpected frame ${String(never)}`);
      }
    }
  },
  websocketInfo: (_msg, _req, state) => ok(state),
  websocketTerminate() {},
};

/** Options of {@link startEcho}. */
export interface EchoOptions {
  /** The node the connections run on (default: a new one). */
  node?: Node;
  /** The port (0 picks a free one). */
  port: number;
  /** The host to bind (default `'127.0.0.1'`). */
  host?: string;
}

/** A running echo server: its node, its server and the URL clients connect to. */
export interface Echo {
  node: Node;
  server: Server;
  url: string;
}

/** Starts the echo server at `/echo`; resolves once it listens. */
export async function startEcho(opts: EchoOptions): Promise<Echo> {
  const node = opts.node ?? createNode({ name: 'echo@localhost' });
  const host = opts.host ?? '127.0.0.1';
  const server = await listen(node, { port: opts.port, host, routes: [route('/echo', echoHandler)] });
  return { node, server, url: `ws://${host}:${server.address.port}/echo` };
}

async function main(): Promise<void> {
  const echo = await startEcho({ port: Number(process.env['PORT'] ?? 8081) });
  console.log(`Echo server on ${echo.url} (every connection a process). Ctrl-C to stop.`);
  const stop = async (): Promise<void> => {
    await echo.server.close();
    echo.node.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
