// The chat's WebSocket handler: one connection process per browser tab, speaking the JSON protocol, hibernating between messages.
import type { Clock, Logger, ProcessContext } from '@corral/actor';
import { close, ok, reply, text, type Frame, type HandlerResult, type InFrame, type Req, type WebSocketHandler } from '@corral/websocket';
import type { ChatRooms } from './chat-rooms.js';
import { checkRoom } from './limits.js';
import { isOutbound } from './outbound.js';
import { chatError, encodeEvent, parseClientMessage, welcome, type ClientMessage, type ErrorEvent } from './protocol.js';
import { enter, isWhoAreYou } from './room-messages.js';
import { fullBucket, takeToken, type BucketLimits, type TokenBucket } from './token-bucket.js';

/** A connection's state: plain data, so the process hibernates after every message. */
export interface ChatState {
  /** The connection's room (lower-cased); `null` when the room name was refused (the connection is closing). */
  room: string | null;
  /** Set by `join`; `null` before. */
  nickname: string | null;
  bucket: TokenBucket;
}

/** What the handler needs: the rooms, the node's clock (for the flood limit), a logger and the idle timeout. */
export interface ChatHandlerDeps {
  rooms: ChatRooms;
  clock: Clock;
  logger: Logger;
  bucket: BucketLimits;
  /** Ms without a frame from the browser before the connection is closed (1000); the page pings well within it. */
  idleTimeoutMs: number;
}

/** Close codes the chat uses, besides 1009 (a message over the size limit, closed by the server). */
export const CHAT_CLOSE = {
  /** A room name that is not one, or a flood of messages. */
  policy: 1008,
  /** A binary message. */
  unsupported: 1003,
} as const;

/** Sent by `websocketInit` to the connection itself: the frames to send once the upgrade is done. */
class Opening {
  constructor(readonly frames: readonly Frame[]) {}
}

const HIBERNATE = { hibernate: true } as const;

function errorFrame(event: ErrorEvent): Frame {
  return text(encodeEvent(event));
}

/**
 * The chat handler for the route `/ws/chat/:room`. The room comes from the path; a browser sends
 * `{type: 'join', nickname}` once, then `{type: 'say', text}`, and `{type: 'ping'}` while idle (a
 * connection silent for `idleTimeoutMs` is closed with 1000). Every reply and every event from the
 * room is followed by hibernation. A room process (of this node or another) that sees the connection
 * join asks its nickname with `whoAreYou`; the connection answers with `enter`. Refusals: a bad
 * message gets an `error` event; a bad room name or a flood closes with 1008, a binary message with
 * 1003, a message over the size limit with 1009.
 */
export function chatHandler(deps: ChatHandlerDeps): WebSocketHandler<ChatState> {
  const { rooms, clock, logger } = deps;

  function onMessage(message: ClientMessage, state: ChatState, ctx: ProcessContext): HandlerResult<ChatState> {
    switch (message.type) {
      case 'join':
        if (state.nickname !== null) return reply(errorFrame(chatError('alreadyJoined')), state, HIBERNATE);
        if (state.room === null) return ok(state, HIBERNATE);
        rooms.enter(ctx, state.room);
        return ok({ ...state, nickname: message.nickname }, HIBERNATE);
      case 'say':
        if (state.nickname === null || state.room === null) return reply(errorFrame(chatError('notJoined')), state, HIBERNATE);
        rooms.say(state.room, state.nickname, message.text);
        return ok(state, HIBERNATE);
      case 'ping':
        return ok(state, HIBERNATE);
      default: {
        const never: never = message;
        throw new TypeError(`unknown client message ${JSON.stringify(never)}`);
      }
    }
  }

  function onFrame(frame: InFrame, state: ChatState, ctx: ProcessContext): HandlerResult<ChatState> {
    switch (frame.type) {
      case 'text': {
        const parsed = parseClientMessage(frame.data);
        return parsed.ok ? onMessage(parsed.message, state, ctx) : reply(errorFrame(parsed.error), state, HIBERNATE);
      }
      case 'binary':
        return reply([errorFrame(chatError('binary')), close(CHAT_CLOSE.unsupported, 'binary messages are not supported')], state);
      case 'ping':
      case 'pong':
        return ok(state, HIBERNATE);
      default: {
        const never: never = frame;
        throw new TypeError(`unknown frame ${JSON.stringify(never)}`);
      }
    }
  }

  return {
    websocketInit(req: Req, _opts, ctx) {
      const room = checkRoom(req.bindings['room']);
      const frames = room.ok
        ? [text(encodeEvent(welcome(room.value)))]
        : [errorFrame(chatError('badRoom', room.reason)), close(CHAT_CLOSE.policy, 'bad room name')];
      ctx.send(ctx.self, new Opening(frames));
      const state = { room: room.ok ? room.value : null, nickname: null, bucket: fullBucket(deps.bucket, clock.now()) };
      return ok(state, { hibernate: true, timeout: deps.idleTimeoutMs });
    },

    websocketHandle(frame, _req, state, ctx) {
      const { verdict, bucket } = takeToken(state.bucket, clock.now(), deps.bucket);
      const next = { ...state, bucket };
      switch (verdict) {
        case 'ok':
          return onFrame(frame, next, ctx);
        case 'limited':
          return reply(errorFrame(chatError('rateLimited')), next, HIBERNATE);
        case 'abuse':
          return reply([errorFrame(chatError('rateLimited', 'too many messages: closing')), close(CHAT_CLOSE.policy, 'flood')], next);
        default: {
          const never: never = verdict;
          throw new TypeError(`unknown verdict ${String(never)}`);
        }
      }
    },

    websocketInfo(msg, _req, state, ctx) {
      if (isOutbound(msg)) return reply(text(msg.json), state, HIBERNATE);
      if (msg instanceof Opening) return reply(msg.frames, state, HIBERNATE);
      if (isWhoAreYou(msg)) {
        // A room process, on this node or another, asks the nickname of its new member.
        if (state.nickname !== null) ctx.send(msg.room, enter(ctx.self, state.nickname));
        return ok(state, HIBERNATE);
      }
      logger.warn(`chat connection ${ctx.self.toString()} got an unexpected message`, { pid: ctx.self, msg });
      return ok(state, HIBERNATE);
    },

    // Nothing to release: an exited process leaves its pg groups, and its room announces it.
    websocketTerminate() {},
  };
}
