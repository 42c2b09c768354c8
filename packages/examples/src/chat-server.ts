// startChatServer: the demo's node serving the chat page, the chat rooms and the process panel on one port.
import { createNode, startPg, type Node } from '@corral/actor';
import { listen, route, staticFiles, type Server } from '@corral/websocket';
import { fileURLToPath } from 'node:url';
import { chatHandler } from './chat/chat-handler.js';
import { ChatRooms } from './chat/chat-rooms.js';
import { LIMITS } from './chat/limits.js';
import { CHAT_BUCKET } from './chat/token-bucket.js';
import { startObserver, type Observer } from './observer/start-observer.js';
import { pageOrigins, sameOriginOnly } from './same-origin.js';

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
  /**
   * Origins whose pages may open the chat and the panel (default: the page's own, from `host` and
   * the bound port, see {@link pageOrigins}); others get 403 before the upgrade. A request without
   * an Origin header (not a browser) is let through.
   */
  allowedOrigins?: readonly string[];
  /** WebSocket connections at once, chat and panel together (default 1000); more get 503. */
  maxConnections?: number;
  /** Ms without a frame from a page before its connection is closed with 1000 (default 60,000; the page pings every 20 s). */
  idleTimeoutMs?: number;
}

/** The demo's defaults: connections at once, and the idle timeout in ms. */
export const CHAT_SERVER_DEFAULTS = { maxConnections: 1000, idleTimeoutMs: 60_000 } as const;

/** A running chat server. */
export interface ChatServer {
  /** The page's address, e.g. `http://localhost:8080/`. */
  url: string;
  node: Node;
  server: Server;
  rooms: ChatRooms;
  observer: Observer;
  /** The origins whose pages may connect (the option, or the page's own). */
  allowedOrigins: readonly string[];
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
 * `/ws/chat/:room` (rooms on the pg scope `'chat'`) and the process panel at `/ws/observer`, both
 * for pages of the allowed origins only (403 before the upgrade otherwise), at most
 * `maxConnections` at once (503), each closed after `idleTimeoutMs` without a frame. Messages over
 * 16 KiB close with 1009.
 */
export async function startChatServer(opts: ChatServerOptions): Promise<ChatServer> {
  const owned = opts.node === undefined;
  const node = opts.node ?? createNode({ name: 'chat@localhost' });
  const host = opts.host ?? '127.0.0.1';
  const idleTimeoutMs = opts.idleTimeoutMs ?? CHAT_SERVER_DEFAULTS.idleTimeoutMs;
  // Known once the port is bound (port 0 picks one); no upgrade is handled before.
  let origins: readonly string[] = opts.allowedOrigins ?? [];
  const allowed = (): readonly string[] => origins;
  const rooms = new ChatRooms(startPg(node, { scope: 'chat' }), node.logger);
  const observer = startObserver(node, { limit: opts.top, everyMs: opts.sampleEveryMs, bucket: CHAT_BUCKET, idleTimeoutMs });
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
      maxConnections: opts.maxConnections ?? CHAT_SERVER_DEFAULTS.maxConnections,
      routes: [
        route('/ws/chat/:room', sameOriginOnly(chatHandler({ rooms, clock: node.clock, logger: node.logger, bucket: CHAT_BUCKET, idleTimeoutMs }), allowed)),
        route('/ws/observer', sameOriginOnly(observer.handler, allowed)),
        staticFiles('/', PUBLIC_DIR),
      ],
    });
  } catch (error) {
    stop();
    throw error;
  }
  if (opts.allowedOrigins === undefined) origins = pageOrigins(host, server.address.port);
  return {
    url: pageUrl(host, server.address.port),
    node,
    server,
    rooms,
    observer,
    allowedOrigins: origins,
    async close() {
      await server.close();
      stop();
    },
  };
}
