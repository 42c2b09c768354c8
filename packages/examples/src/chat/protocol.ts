// The chat's wire protocol: JSON objects with a `type`, parsed from browsers and built for them.
import { checkNickname, checkText, LIMITS } from './limits.js';

/** The error codes of an `error` event, with the message each one carries by default. */
export const ChatErrorCodes = {
  badJson: 'a message must be a JSON object with a string type',
  badMessage: 'unknown message type',
  badNickname: 'bad nickname',
  badText: 'bad message text',
  notJoined: 'join the room before saying anything',
  alreadyJoined: 'this connection has already joined the room',
  rateLimited: 'too many messages: slow down',
  badRoom: 'bad room name',
  binary: 'binary messages are not supported',
  readOnly: 'this connection only listens',
} as const;

/** An error code of the chat protocol. */
export type ChatErrorCode = keyof typeof ChatErrorCodes;

/** What a browser sends: join the connection's room with a nickname, then say things; `ping` keeps an idle page's connection open. */
export type ClientMessage =
  | { type: 'join'; nickname: string }
  | { type: 'say'; text: string }
  | { type: 'ping' };

/** An error event: what was wrong with a message, as a machine code and a sentence. */
export interface ErrorEvent {
  type: 'error';
  code: ChatErrorCode;
  message: string;
}

/** A member of a room as the browser sees it: its nickname and the node its connection lives on. */
export interface Member {
  nickname: string;
  node: string;
}

/**
 * What the server sends. A member's page gets `members` (the whole list) once, when its own join is
 * announced; after that only changes: `joined` (an arrival), `left` (a departure) and `present` (a
 * member of another node who was in the room before this node had any: listed, not an arrival).
 */
export type ServerEvent =
  | { type: 'welcome'; room: string; limits: { nickname: number; text: number } }
  | { type: 'joined'; nickname: string; node: string }
  | { type: 'left'; nickname: string; node: string }
  | { type: 'present'; nickname: string; node: string }
  | { type: 'members'; members: Member[] }
  | { type: 'said'; nickname: string; text: string }
  | ErrorEvent;

/** The first event of a connection: its room (lower-cased) and the limits it enforces. */
export function welcome(room: string): ServerEvent {
  return { type: 'welcome', room, limits: { nickname: LIMITS.nickname, text: LIMITS.text } };
}

/** `member` joined the room. */
export function joined(member: Member): ServerEvent {
  return { type: 'joined', nickname: member.nickname, node: member.node };
}

/** `member` left the room. */
export function left(member: Member): ServerEvent {
  return { type: 'left', nickname: member.nickname, node: member.node };
}

/** `member` was in the room already (on another node): add it to the list without announcing it. */
export function present(member: Member): ServerEvent {
  return { type: 'present', nickname: member.nickname, node: member.node };
}

/** Who is in the room now, sorted by nickname, then node. */
export function members(list: readonly Member[]): ServerEvent {
  const sorted = [...list].sort((a, b) => a.nickname.localeCompare(b.nickname) || a.node.localeCompare(b.node));
  return { type: 'members', members: sorted };
}

/** Someone said something. */
export function said(nickname: string, text: string): ServerEvent {
  return { type: 'said', nickname, text };
}

/** An error event with `code` and its default message (or `message`). */
export function chatError(code: ChatErrorCode, message: string = ChatErrorCodes[code]): ErrorEvent {
  return { type: 'error', code, message };
}

/** The JSON text of an event. */
export function encodeEvent(event: ServerEvent): string {
  return JSON.stringify(event);
}

/** A parsed client message, or the error event that refuses it. */
export type Parsed = { ok: true; message: ClientMessage } | { ok: false; error: ErrorEvent };

function refused(code: ChatErrorCode, message?: string): Parsed {
  return { ok: false, error: chatError(code, message) };
}

/** Parses and checks one text message from a browser: its JSON, its type and its fields' limits. */
export function parseClientMessage(data: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return refused('badJson');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refused('badJson');
  const msg = value as Record<string, unknown>;
  switch (msg['type']) {
    case 'join': {
      const nickname = checkNickname(msg['nickname']);
      return nickname.ok ? { ok: true, message: { type: 'join', nickname: nickname.value } } : refused('badNickname', nickname.reason);
    }
    case 'say': {
      const text = checkText(msg['text']);
      return text.ok ? { ok: true, message: { type: 'say', text: text.value } } : refused('badText', text.reason);
    }
    case 'ping':
      return { ok: true, message: { type: 'ping' } };
    default:
      return typeof msg['type'] === 'string'
        ? refused('badMessage', `unknown message type ${JSON.stringify(msg['type'].slice(0, 32))}`)
        : refused('badJson');
  }
}
