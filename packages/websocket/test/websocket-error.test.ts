// Bad input throws one error class whose code says what was wrong and whose message adds the detail.
import { describe, expect, it } from 'vitest';
import { isWebSocketError, WebSocketError, WebSocketErrorCodes, type WebSocketErrorCode } from '../src/websocket-error.js';

describe('WebSocketError', () => {
  it('carries its code and the code text as its message', () => {
    const error = new WebSocketError('badFrame');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WebSocketError');
    expect(error.code).toBe('badFrame');
    expect(error.message).toBe('a frame a handler returned is invalid');
  });

  it('appends the detail to the code text', () => {
    expect(new WebSocketError('badRoute', '/a//b: empty segment').message).toBe(`${WebSocketErrorCodes.badRoute}: /a//b: empty segment`);
  });

  it('chains the cause', () => {
    const cause = new Error('underneath');
    expect(new WebSocketError('badOption', undefined, { cause }).cause).toBe(cause);
  });

  it('has a text for every code of the table', () => {
    const codes: WebSocketErrorCode[] = ['badRoute', 'duplicateRoute', 'badOption', 'badFrame', 'badResult', 'notListening', 'alreadyClosed'];
    expect(Object.keys(WebSocketErrorCodes).sort()).toEqual([...codes].sort());
    for (const code of codes) expect(new WebSocketError(code).message).toBe(WebSocketErrorCodes[code]);
  });

  it('is recognised by isWebSocketError, with or without a code', () => {
    const error = new WebSocketError('notListening');
    expect(isWebSocketError(error)).toBe(true);
    expect(isWebSocketError(error, 'notListening')).toBe(true);
    expect(isWebSocketError(error, 'alreadyClosed')).toBe(false);
    expect(isWebSocketError(new Error('notListening'))).toBe(false);
    expect(isWebSocketError({ code: 'notListening' })).toBe(false);
  });
});
