// The observer's WebSocket handler: a page that watches the node joins the observers group and gets each snapshot.
import type { Clock, Logger, Pg } from '@corral/actor';
import { close, ok, reply, text, type WebSocketHandler } from '@corral/websocket';
import { CHAT_CLOSE } from '../chat/chat-handler.js';
import { isOutbound } from '../chat/outbound.js';
import { chatError, encodeEvent, parseClientMessage } from '../chat/protocol.js';
import { fullBucket, takeToken, type BucketLimits, type TokenBucket } from '../chat/token-bucket.js';
import { OBSERVERS } from './sampler.js';

/** What the handler needs. */
export interface ObserverHandlerDeps {
  /** The observer's pg scope. */
  pg: Pg;
  clock: Clock;
  logger: Logger;
  bucket: BucketLimits;
  /** Ms without a frame from the page before the connection is closed (1000); the page pings well within it. */
  idleTimeoutMs: number;
}

/** An observer connection's state: only its flood limit. */
export interface ObserverState {
  bucket: TokenBucket;
}

const HIBERNATE = { hibernate: true } as const;

/** True for the page's keep-alive, `{"type":"ping"}`. */
function isPing(data: string): boolean {
  const parsed = parseClientMessage(data);
  return parsed.ok && parsed.message.type === 'ping';
}

/**
 * The handler of the route `/ws/observer`. The connection joins the observers group, so the
 * sampler sends it a snapshot at once and then every interval; it hibernates in between. It only
 * listens: a `{type: 'ping'}` keeps it open (silent for `idleTimeoutMs`, it is closed with 1000),
 * any other text message gets an `error` event `readOnly`, a binary one closes with 1003, a flood
 * with 1008.
 */
export function observerHandler(deps: ObserverHandlerDeps): WebSocketHandler<ObserverState> {
  return {
    websocketInit(_req, _opts, ctx) {
      deps.pg.join(OBSERVERS, ctx.self);
      return ok({ bucket: fullBucket(deps.bucket, deps.clock.now()) }, { hibernate: true, timeout: deps.idleTimeoutMs });
    },

    websocketHandle(frame, _req, state) {
      const { verdict, bucket } = takeToken(state.bucket, deps.clock.now(), deps.bucket);
      if (verdict === 'abuse') return reply([text(encodeEvent(chatError('rateLimited', 'too many messages: closing'))), close(CHAT_CLOSE.policy, 'flood')], { bucket });
      if (frame.type === 'binary') return reply([text(encodeEvent(chatError('binary'))), close(CHAT_CLOSE.unsupported, 'binary messages are not supported')], { bucket });
      if (frame.type === 'text' && isPing(frame.data)) return ok({ bucket }, HIBERNATE);
      if (frame.type === 'text') return reply(text(encodeEvent(chatError(verdict === 'ok' ? 'readOnly' : 'rateLimited'))), { bucket }, HIBERNATE);
      return ok({ bucket }, HIBERNATE);
    },

    websocketInfo(msg, _req, state, ctx) {
      if (isOutbound(msg)) return reply(text(msg.json), state, HIBERNATE);
      deps.logger.warn(`observer connection ${ctx.self.toString()} got an unexpected message`, { pid: ctx.self, msg });
      return ok(state, HIBERNATE);
    },

    // Nothing to release: an exited process leaves the observers group.
    websocketTerminate() {},
  };
}
