// Test helper: wraps a handler so that every ok and reply result asks to hibernate; the two variants every test runs in.
import { ok, reply, type WebSocketHandler } from '@corral/websocket';

/** Turns a handler into another handler (the identity, or {@link hibernating}). */
export type Wrap = <S, O>(handler: WebSocketHandler<S, O>) => WebSocketHandler<S, O>;

/** True for a result built by the package's constructors (a look-alike plain object is not one). */
function isBuiltResult(value: unknown): value is { type: string } {
  return typeof value === 'object' && value !== null
    && Object.getOwnPropertySymbols(value).some((s) => s.description === 'corral.websocketResult');
}

/** The same result with `{ hibernate: true }` added when it is ok or reply; anything else unchanged. */
function hibernated<R>(result: R): R {
  if (!isBuiltResult(result)) return result;
  const r = result as unknown as Parameters<typeof toHibernating>[0];
  return toHibernating(r) as R;
}

function toHibernating(r: ReturnType<WebSocketHandler<unknown, unknown>['websocketHandle']>): unknown {
  if (r.type === 'ok') return ok(r.state, { ...r.opts, hibernate: true });
  if (r.type === 'reply') return reply(r.frames, r.state, { ...r.opts, hibernate: true });
  return r;
}

/** `handler` with every ok/reply result of websocketInit, websocketHandle and websocketInfo asking to hibernate. */
export const hibernating: Wrap = <S, O>(handler: WebSocketHandler<S, O>): WebSocketHandler<S, O> => {
  const wrapped: WebSocketHandler<S, O> = {
    websocketInit: (req, opts, ctx) => hibernated(handler.websocketInit(req, opts, ctx)),
    websocketHandle: (frame, req, state, ctx) => hibernated(handler.websocketHandle(frame, req, state, ctx)),
    websocketInfo: (msg, req, state, ctx) => hibernated(handler.websocketInfo(msg, req, state, ctx)),
    websocketTerminate: (reason, req, state, ctx) => handler.websocketTerminate(reason, req, state, ctx),
  };
  if (handler.init !== undefined) wrapped.init = handler.init.bind(handler);
  return wrapped;
};

const awake: Wrap = (handler) => handler;

/** Every test runs in both: `describe.each(variants)('%s', (_variant, wrap) => ...)`. */
export const variants: Array<[string, Wrap]> = [['awake', awake], ['hibernating', hibernating]];
