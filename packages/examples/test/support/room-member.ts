// Test helper: a stand-in for a chat connection, without a socket: enters a room when told to, answers its rooms, records what it hears.
import type { ProcessHandler } from '@corral/actor';
import type { ChatRooms } from '../../src/chat/chat-rooms.js';
import { isOutbound } from '../../src/chat/outbound.js';
import { enter, isWhoAreYou } from '../../src/chat/room-messages.js';

/** A server event as the stand-in recorded it. */
export type Heard = Record<string, unknown>;

/** What the test tells a stand-in: enter `room` as `nickname`. */
export interface EnterCommand {
  room: string;
  nickname: string;
}

/**
 * A process handler that does what the chat handler does with its room, minus the socket: on an
 * {@link EnterCommand} it enters the room and keeps its nickname; it answers every `whoAreYou`;
 * it pushes each outbound event it gets, parsed, to `heard`.
 */
export function roomMember(rooms: ChatRooms, heard: Heard[]): ProcessHandler<string | null> {
  return {
    init: () => null,
    handleMessage(msg, nickname, ctx) {
      if (isOutbound(msg)) heard.push(JSON.parse(msg.json) as Heard);
      else if (isWhoAreYou(msg)) {
        if (nickname !== null) ctx.send(msg.room, enter(ctx.self, nickname));
      } else {
        const command = msg as EnterCommand;
        rooms.enter(ctx, command.room);
        return command.nickname;
      }
      return nickname;
    },
  };
}
