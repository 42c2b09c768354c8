// The query string becomes plain data: one value per key, an array for a repeated key.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../src/query.js';

describe('parseQuery', () => {
  it('gives an empty object for an empty query', () => {
    expect(parseQuery('')).toEqual({});
    expect(parseQuery('?')).toEqual({});
  });

  it('maps each key to its value, with or without the leading question mark', () => {
    expect(parseQuery('?room=lobby&user=ann')).toEqual({ room: 'lobby', user: 'ann' });
    expect(parseQuery('room=lobby')).toEqual({ room: 'lobby' });
  });

  it('gives a repeated key the array of its values in order', () => {
    expect(parseQuery('?tag=a&x=1&tag=b&tag=c')).toEqual({ tag: ['a', 'b', 'c'], x: '1' });
  });

  it('decodes plus signs and percent escapes, and keeps keys without a value as empty strings', () => {
    expect(parseQuery('?q=hello+world&name=caf%C3%A9&flag')).toEqual({ q: 'hello world', name: 'café', flag: '' });
  });

  it('keeps a __proto__ key as an own property without touching the prototype', () => {
    const query = parseQuery('?__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(Object.keys(query)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(query, '__proto__')?.value).toBe('x');
  });
});
