// The wire protocol as pure functions: parsing client messages, building server events.
import { describe, expect, it } from 'vitest';
import { chatError, ChatErrorCodes, encodeEvent, members, parseClientMessage, welcome } from '../../src/chat/protocol.js';

describe('parseClientMessage', () => {
  it('parses a join and a say, with their fields checked', () => {
    expect(parseClientMessage('{"type":"join","nickname":"  ada "}')).toEqual({ ok: true, message: { type: 'join', nickname: 'ada' } });
    expect(parseClientMessage('{"type":"say","text":"hi there"}')).toEqual({ ok: true, message: { type: 'say', text: 'hi there' } });
  });

  it.each([
    ['{', 'badJson'],
    ['"a string"', 'badJson'],
    ['[]', 'badJson'],
    ['{"type":7}', 'badJson'],
    ['{"type":"dance"}', 'badMessage'],
    ['{"type":"join","nickname":""}', 'badNickname'],
    ['{"type":"say","text":7}', 'badText'],
  ])('refuses %s with %s', (raw, code) => {
    const parsed = parseClientMessage(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
  });

  it('quotes at most 32 characters of an unknown type back', () => {
    const parsed = parseClientMessage(JSON.stringify({ type: 'x'.repeat(1000) }));
    expect(parsed).toEqual({ ok: false, error: { type: 'error', code: 'badMessage', message: `unknown message type "${'x'.repeat(32)}"` } });
  });

  it('ignores unknown fields', () => {
    expect(parseClientMessage('{"type":"say","text":"hi","extra":{"deep":[1]}}')).toEqual({ ok: true, message: { type: 'say', text: 'hi' } });
  });
});

describe('server events', () => {
  it('sorts the member list by nickname, then node', () => {
    const list = [{ nickname: 'zoe', node: 'a' }, { nickname: 'Ada', node: 'b' }, { nickname: 'bob', node: 'b' }, { nickname: 'bob', node: 'a' }];
    expect(members(list)).toEqual({
      type: 'members',
      members: [{ nickname: 'Ada', node: 'b' }, { nickname: 'bob', node: 'a' }, { nickname: 'bob', node: 'b' }, { nickname: 'zoe', node: 'a' }],
    });
  });

  it('gives an error its code and the default message of the code table', () => {
    expect(chatError('notJoined')).toEqual({ type: 'error', code: 'notJoined', message: ChatErrorCodes.notJoined });
    expect(chatError('badText', 'why')).toEqual({ type: 'error', code: 'badText', message: 'why' });
  });

  it('encodes as JSON text', () => {
    expect(JSON.parse(encodeEvent(welcome('lobby')))).toEqual({ type: 'welcome', room: 'lobby', limits: { nickname: 32, text: 2000 } });
  });
});
