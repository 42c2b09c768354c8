// A frame a handler returns is checked before it reaches the wire; the message says what is wrong.
import { describe, expect, it } from 'vitest';
import { binary, close, ping, pong, text } from '../src/frame.js';
import { validateFrame, validateReply } from '../src/frame-validation.js';

describe('validateFrame accepts', () => {
  it('every frame its constructors build with valid data', () => {
    for (const frame of [text('hi'), text(''), binary(new Uint8Array([1, 2])), ping(), pong(), close(), close(1000), close(4999, 'bye')]) {
      expect(validateFrame(frame)).toBeNull();
    }
  });

  it('a Buffer as binary, ping or pong data', () => {
    expect(validateFrame(binary(Buffer.from('x')))).toBeNull();
    expect(validateFrame(ping(Buffer.alloc(125)))).toBeNull();
  });

  it('ping and pong payloads of exactly 125 bytes', () => {
    expect(validateFrame(ping(new Uint8Array(125)))).toBeNull();
    expect(validateFrame(pong(new Uint8Array(125)))).toBeNull();
  });

  it('a close reason of exactly 123 UTF-8 bytes', () => {
    expect(validateFrame(close(1000, 'a'.repeat(123)))).toBeNull();
    expect(validateFrame(close(1000, 'é'.repeat(61) + 'a'))).toBeNull();
  });
});

describe('validateFrame refuses', () => {
  it('values that are not frames, saying what they are', () => {
    expect(validateFrame(null)).toBe('a frame must be an object, got null');
    expect(validateFrame(undefined)).toBe('a frame must be an object, got undefined');
    expect(validateFrame('text')).toBe('a frame must be an object, got "text"');
    expect(validateFrame(42)).toBe('a frame must be an object, got 42');
    expect(validateFrame(true)).toBe('a frame must be an object, got true');
    expect(validateFrame(() => 'text')).toBe('a frame must be an object, got function');
    expect(validateFrame([])).toBe('a frame type must be text, binary, ping, pong or close, got undefined');
    expect(validateFrame({})).toBe('a frame type must be text, binary, ping, pong or close, got undefined');
    expect(validateFrame({ type: 'continuation', data: '' })).toBe('a frame type must be text, binary, ping, pong or close, got "continuation"');
  });

  it('data of the wrong kind, described in the message: a long string cut after 40 characters, an object by its class', () => {
    const forty = 'x'.repeat(40);
    expect(validateFrame({ type: 'binary', data: forty })).toBe(`a binary frame needs Uint8Array data, got "${forty}"`);
    expect(validateFrame({ type: 'binary', data: `${forty}y` })).toBe(`a binary frame needs Uint8Array data, got "${forty}..."`);
    expect(validateFrame({ type: 'text', data: null })).toBe('a text frame needs string data, got null');
    expect(validateFrame({ type: 'text', data: false })).toBe('a text frame needs string data, got false');
    expect(validateFrame({ type: 'text', data: 7n })).toBe('a text frame needs string data, got bigint');
    expect(validateFrame({ type: 'text', data: new Map() })).toBe('a text frame needs string data, got Map');
    expect(validateFrame({ type: 'text', data: Object.create(null) })).toBe('a text frame needs string data, got an object');
  });

  it('text without string data', () => {
    expect(validateFrame({ type: 'text', data: new Uint8Array(1) })).toMatch(/text frame needs string data, got Uint8Array/);
    expect(validateFrame({ type: 'text' })).toMatch(/got undefined/);
  });

  it('binary, ping and pong without Uint8Array data', () => {
    expect(validateFrame({ type: 'binary', data: 'x' })).toMatch(/binary frame needs Uint8Array data, got "x"/);
    expect(validateFrame({ type: 'ping', data: [1] })).toMatch(/ping frame needs Uint8Array data, got an array/);
    expect(validateFrame({ type: 'pong', data: new ArrayBuffer(1) })).toBe('a pong frame needs Uint8Array data, got ArrayBuffer');
  });

  it('ping and pong payloads over 125 bytes', () => {
    expect(validateFrame(ping(new Uint8Array(126)))).toBe('a ping payload is at most 125 bytes, got 126');
    expect(validateFrame(pong(new Uint8Array(126)))).toBe('a pong payload is at most 125 bytes, got 126');
  });

  it.each([999, 1004, 1005, 1006, 1012, 2999, 5000, 1000.5])('the close code %s', (code) => {
    expect(validateFrame(close(code))).toMatch(/close code must be 1000-1003, 1007-1011 or 3000-4999/);
  });

  it('a close code that is not a number', () => {
    expect(validateFrame({ type: 'close', code: '1000' })).toBe('a close code must be 1000-1003, 1007-1011 or 3000-4999, got "1000"');
  });

  it('a close reason without a code', () => {
    expect(validateFrame({ type: 'close', reason: 'bye' })).toBe('a close reason needs a close code');
  });

  it('a close reason that is not a string', () => {
    expect(validateFrame({ type: 'close', code: 1000, reason: 7 })).toBe('a close reason must be a string, got 7');
  });

  it('a close reason over 123 UTF-8 bytes, counting bytes and not characters', () => {
    expect(validateFrame(close(1000, 'a'.repeat(124)))).toBe('a close reason is at most 123 UTF-8 bytes, got 124');
    expect(validateFrame(close(1000, 'é'.repeat(62)))).toBe('a close reason is at most 123 UTF-8 bytes, got 124');
  });
});

describe('validateReply', () => {
  it('counts the frames up to and including the first close frame, ignoring what follows it', () => {
    expect(validateReply([text('a'), binary(Buffer.from('b'))])).toBe(2);
    expect(validateReply([])).toBe(0);
    expect(validateReply([text('a'), close(1000), text('ignored'), 'not a frame'])).toBe(2);
  });

  it('says what is wrong with the first invalid frame before the first close frame', () => {
    expect(validateReply([text('a'), ping(Buffer.alloc(126)), 'not a frame'])).toBe('a ping payload is at most 125 bytes, got 126');
    expect(validateReply([close(999)])).toBe('a close code must be 1000-1003, 1007-1011 or 3000-4999, got 999');
  });
});
