// listen: a new HTTP server on a port, serving WebSocket routes (and static files).
import type { Node } from '@corral/actor';
import { createServer } from 'node:http';
import type { ListenOptions, Server } from './options.js';
import { resolveListenOptions } from './server-options.js';
import { RunningServer } from './server.js';

/**
 * Starts an HTTP server on `host` (default '127.0.0.1') and `port` (0 picks a free one) whose
 * upgrades to `routes` become connection processes on `node`; staticFiles routes are served over
 * plain HTTP, anything else is 404. A request (an upgrade included) whose headers take longer than
 * `headersTimeout` (default 10 s) is answered 408 and closed. Resolves once it listens; rejects with the listen error (the
 * port is taken...) or throws WebSocketError `badOption`/`badRoute`/`duplicateRoute` for bad options.
 */
export async function listen(node: Node, opts: ListenOptions): Promise<Server> {
  const { port, host, options, http: timeouts } = resolveListenOptions(opts);
  const http = createServer(timeouts);
  const server = new RunningServer(node, http, options, true);
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}
