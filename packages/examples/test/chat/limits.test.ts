// The chat's limits as pure checks: room names, nicknames and message texts.
import { describe, expect, it } from 'vitest';
import { checkNickname, checkRoom, checkText, LIMITS } from '../../src/chat/limits.js';

describe('checkRoom', () => {
  it('lower-cases, then accepts 1 to 32 letters, digits and dashes', () => {
    expect(checkRoom('Lobby')).toEqual({ ok: true, value: 'lobby' });
    expect(checkRoom('room-42')).toEqual({ ok: true, value: 'room-42' });
    expect(checkRoom('a'.repeat(LIMITS.room))).toEqual({ ok: true, value: 'a'.repeat(32) });
  });

  it.each(['', 'a'.repeat(33), 'café', 'two words', 'under_score', '../etc', '<b>', 'ﬀ', 42, null])('refuses %j', (raw) => {
    expect(checkRoom(raw).ok).toBe(false);
  });
});

describe('checkNickname', () => {
  it('trims and accepts up to 32 characters, counting an emoji as one', () => {
    expect(checkNickname('  alice ')).toEqual({ ok: true, value: 'alice' });
    expect(checkNickname('🦀'.repeat(32))).toEqual({ ok: true, value: '🦀'.repeat(32) });
    expect(checkNickname(`${' '.repeat(40)}bob${' '.repeat(40)}`)).toEqual({ ok: true, value: 'bob' });
  });

  it('keeps markup as text: it is rendered with textContent, never as HTML', () => {
    expect(checkNickname('<img src=x onerror=alert(1)>')).toEqual({ ok: true, value: '<img src=x onerror=alert(1)>' });
  });

  it.each([
    ['', 'a nickname cannot be empty'],
    ['   ', 'a nickname cannot be empty'],
    ['x'.repeat(33), 'a nickname is at most 32 characters'],
    ['🦀'.repeat(33), 'a nickname is at most 32 characters'],
    ['bell\u0007', 'a nickname cannot contain control characters or line breaks'],
    ['line\u2028break', 'a nickname cannot contain control characters or line breaks'],
    ['tab\tinside', 'a nickname cannot contain control characters or line breaks'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(checkNickname(raw)).toEqual({ ok: false, reason });
  });

  it('refuses what is not a string', () => {
    expect(checkNickname({ name: 'x' })).toEqual({ ok: false, reason: 'a nickname must be a string' });
  });
});

describe('checkText', () => {
  it('accepts up to 2,000 characters, with tabs and newlines', () => {
    expect(checkText('x'.repeat(LIMITS.text)).ok).toBe(true);
    expect(checkText('🦀'.repeat(2000)).ok).toBe(true);
    expect(checkText('line one\n\tline two')).toEqual({ ok: true, value: 'line one\n\tline two' });
  });

  it.each([
    ['', 'a message cannot be empty'],
    [' \n ', 'a message cannot be empty'],
    ['x'.repeat(2001), 'a message is at most 2000 characters'],
    ['escape \u001b[31m', 'a message cannot contain control characters'],
    ['nul \u0000', 'a message cannot contain control characters'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(checkText(raw)).toEqual({ ok: false, reason });
  });

  it('refuses what is not a string', () => {
    expect(checkText(['hi']).ok).toBe(false);
  });
});
