// startChatServer: the demo's node serving the chat page, the chat rooms and the process panel on one port.
import { createNode, startPg, type Node } from '@corral/actor';
import { listen, route, staticFiles, type Server } from '@corral/websocket';
import { fileURLToPath } from 'node:url';
import { chatHandler } from './chat/chat-handler.js';
import { ChatRooms } from './chat/chat-rooms.js';
import { LIMITS } from './chat/limits.js';
import { CHAT_BUCKET } from './chat/token-bucket.js';
import { startObserver, type Observer } from './observer/start-observer.js';

/** Options of {@link startChatServer}. */
export interface ChatServerOptions {
  /** The node to run on (default: a new node `chat@localhost`, stopped by `close`). */
  node?: Node;
  /** The port (0 picks a free one). */
  port: number;
  /** The address to bind (default `'127.0.0.1'`). */
  host?: string;
  /** Processes listed by the process panel (default 50). */
  top?: number;
  /** The process panel's interval in ms (default 1000). */
  sampleEveryMs?: number;
}

/** A running chat server. */
export interface ChatServer {
  /** The page's address, e.g. `http://localhost:8080/`. */
  url: string;
  node: Node;
  server: Server;
  rooms: ChatRooms;
  observer: Observer;
  /** Closes every connection (1001), stops the rooms and the observer, and the node if it was made here. */
  close(): Promise<void>;
}

/** The folder of the page: `public/` next to `src/` and `dist/`. */
const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** The URL a browser opens for a server bound to `host`:`port`. */
export function pageUrl(host: string, port: number): string {
  if (host === '127.0.0.1' || host === '0.0.0.0' || host === '::' || host === '::1' || host === 'localhost') return `http://localhost:${port}/`;
  return host.includes(':') ? `http://[${host}]:${port}/` : `http://${host}:${port}/`;
}

/**
 * Starts the chat on `node` (or a new one): the page's static files at `/`, the chat at
 * `/ws/chat/:room` (rooms on the pg scope `'chat'`) and the process panel at `/ws/observer`.
 * Messages over 16 KiB close with 1009.
 */
export async function startChatServer(opts: ChatServerOptions): Promise<ChatServer> {
  const owned = opts.node === undefined;
  const node = opts.node ?? createNode({ name: 'chat@localhost' });
  const host = opts.host ?? '127.0.0.1';
  const rooms = new ChatRooms(startPg(node, { scope: 'chat' }), node.logger);
  const observer = startObserver(node, { limit: opts.top, everyMs: opts.sampleEveryMs, bucket: CHAT_BUCKET });
  const stop = (): void => {
    observer.stop();
    rooms.pg.stop();
    if (owned) node.stop();
  };
  let server: Server;
  try {
    server = await listen(node, {
      port: opts.port,
      host,
      maxFrameSize: LIMITS.frameBytes,
      routes: [
        route('/ws/chat/:room', chatHandler({ rooms, clock: node.clock, logger: node.logger, bucket: CHAT_BUCKET })),
        route('/ws/observer', observer.handler),
        staticFiles('/', PUBLIC_DIR),
      ],
    });
  } catch (error) {
    stop();
    throw error;
  }
  return {
    url: pageUrl(host, server.address.port),
    node,
    server,
    rooms,
    observer,
    async close() {
      await server.close();
      stop();
    },
  };
}
