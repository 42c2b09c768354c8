// The messages between a room process and the connections in its room, on any node: plain data with a `type` tag.
import { isPid, type Pid } from '@corral/actor';

/** A room asks a member for its nickname: sent to each member it sees join, local or on another node. */
export interface WhoAreYou {
  type: 'whoAreYou';
  /** The asking room process: where the answer goes. */
  room: Pid;
}

/** A member's answer to {@link WhoAreYou}: the nickname its pid goes by (its node is `pid.node`). */
export interface Enter {
  type: 'enter';
  pid: Pid;
  nickname: string;
}

/** What a room and a connection tell each other. */
export type RoomMessage = WhoAreYou | Enter;

/** The question of room process `room`. */
export function whoAreYou(room: Pid): WhoAreYou {
  return { type: 'whoAreYou', room };
}

/** The answer of member `pid`, known as `nickname`. */
export function enter(pid: Pid, nickname: string): Enter {
  return { type: 'enter', pid, nickname };
}

function tagged(msg: unknown, type: RoomMessage['type']): msg is Record<string, unknown> {
  return typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === type;
}

/** True when `msg` is a {@link WhoAreYou} (checked field by field: it may come from another node). */
export function isWhoAreYou(msg: unknown): msg is WhoAreYou {
  return tagged(msg, 'whoAreYou') && isPid(msg['room']);
}

/** True when `msg` is an {@link Enter} (checked field by field: it may come from another node). */
export function isEnter(msg: unknown): msg is Enter {
  return tagged(msg, 'enter') && isPid(msg['pid']) && typeof msg['nickname'] === 'string';
}
