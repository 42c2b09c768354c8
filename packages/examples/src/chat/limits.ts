// What the chat accepts from a browser: room names, nicknames and message texts, as pure checks with their limits.

/** The chat's limits. */
export const LIMITS = {
  /** Longest room name, after lower-casing. */
  room: 32,
  /** Longest nickname, in characters (code points), after trimming. */
  nickname: 32,
  /** Longest message, in characters (code points). */
  text: 2000,
  /** Largest WebSocket message the server reads, in bytes; larger closes with 1009. */
  frameBytes: 16 * 1024,
} as const;

/** A checked value, or why it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const ROOM = /^[a-z0-9-]{1,32}$/;
/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Control characters other than tab and newline, which a message may contain. */
const CONTROL_IN_TEXT = /[^\P{Cc}\t\n]|[\u2028\u2029]/u;

function accept<T>(value: T): Checked<T> {
  return { ok: true, value };
}

function refuse<T>(reason: string): Checked<T> {
  return { ok: false, reason };
}

/** The length of `s` in code points (what a reader counts as characters, emoji included). */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A room name: lower-cased, then 1-32 of `a-z`, `0-9` and `-`. */
export function checkRoom(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') return refuse('a room name must be a string');
  const room = raw.toLowerCase();
  return ROOM.test(room) ? accept(room) : refuse(`a room name is 1 to ${LIMITS.room} letters a-z, digits or dashes`);
}

/** A nickname: trimmed, 1-32 characters, no control characters or line breaks. */
export function checkNickname(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') return refuse('a nickname must be a string');
  const nickname = raw.trim();
  if (nickname === '') return refuse('a nickname cannot be empty');
  if (nickname.length > LIMITS.nickname * 2 || codePoints(nickname) > LIMITS.nickname) return refuse(`a nickname is at most ${LIMITS.nickname} characters`);
  if (CONTROL.test(nickname)) return refuse('a nickname cannot contain control characters or line breaks');
  return accept(nickname);
}

/** A message text: not blank, at most 2,000 characters, no control characters but tabs and newlines. */
export function checkText(raw: unknown): Checked<string> {
  if (typeof raw !== 'string') return refuse('a message text must be a string');
  if (raw.trim() === '') return refuse('a message cannot be empty');
  if (raw.length > LIMITS.text * 2 || codePoints(raw) > LIMITS.text) return refuse(`a message is at most ${LIMITS.text} characters`);
  if (CONTROL_IN_TEXT.test(raw)) return refuse('a message cannot contain control characters');
  return accept(raw);
}
