// The Corral echo server: listen() on 127.0.0.1 with one route whose handler replies every frame back.
import { createNode } from '@corral/actor';
import { listen, ok, reply, route, type WebSocketHandler } from '../src/index.js';
import type { EchoServer } from './echo-server.js';

/** A connection's state: a little data, as a real handler would keep. */
interface EchoState {
  readonly joinedAt: number;
}

function echoHandler(hibernate: boolean): WebSocketHandler<EchoState> {
  return {
    websocketInit: () => (hibernate ? ok({ joinedAt: Date.now() }, { hibernate: true }) : ok({ joinedAt: Date.now() })),
    websocketHandle: (frame, _req, state) => reply(frame, state),
    websocketInfo: (_msg, _req, state) => ok(state),
    websocketTerminate: () => {},
  };
}

/** Starts a Corral echo server on its own node; with `hibernate`, every connection hibernates after websocketInit. */
export async function startCorralEcho(opts: { hibernate: boolean }): Promise<EchoServer> {
  const node = createNode();
  const server = await listen(node, { port: 0, host: '127.0.0.1', routes: [route('/echo', echoHandler(opts.hibernate))] });
  const open = (): number => server.connections().length;
  return {
    url: `ws://127.0.0.1:${server.address.port}/echo`,
    settled: opts.hibernate ? () => Math.min(open(), node.stats().hibernated) : open,
    async close() {
      await server.close();
      node.stop();
    },
  };
}
