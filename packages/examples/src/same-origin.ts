// Same-origin upgrades for the demo: the origins its page is served from, and a handler wrapper that refuses the others with 403.
import { respond, type WebSocketHandler } from '@corral/websocket';

/** Hosts that mean "this machine": a page loaded through any of them is the demo's own. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
/** Bind addresses that listen on every interface: the page's own origins are then only knowable as loopback ones. */
const WILDCARD = ['0.0.0.0', '::'];

/**
 * The origins of the page a server bound to `host`:`port` serves: `http://localhost:port`,
 * `http://127.0.0.1:port` and `http://[::1]:port` for a loopback or wildcard address, else
 * `http://host:port` (an IPv6 address in brackets). Behind a proxy, or for a page opened through
 * a name the server cannot know, give the origins explicitly (ALLOWED_ORIGINS).
 */
export function pageOrigins(host: string, port: number): string[] {
  const loopback = LOOPBACK.map((h) => `http://${h}:${port}`);
  if (WILDCARD.includes(host) || host === '::1' || LOOPBACK.includes(host)) return loopback;
  return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
}

/**
 * `handler` with an `init` that refuses the upgrade with 403 when the request's Origin is not one
 * of `allowed()`. A request without Origin (not a browser: browsers always send it with a
 * WebSocket) is let through, as listen's `allowedOrigins` does. `allowed` is read per upgrade, so
 * the list may be set once the port is known.
 */
export function sameOriginOnly<S, O>(handler: WebSocketHandler<S, O>, allowed: () => readonly string[]): WebSocketHandler<S, O> {
  return {
    ...handler,
    init(req, opts, ctx) {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowed().includes(origin)) return respond(403, { body: 'origin not allowed' });
      return handler.init?.(req, opts, ctx);
    },
  };
}
