// Cowboy's close-code rule: 1000-1003, 1007-1011 and 3000-4999 are valid, everything else is not.
import { describe, expect, it } from 'vitest';
import { isValidCloseCode } from '../src/close-code.js';

describe('isValidCloseCode', () => {
  it.each([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999])('accepts %i', (code) => {
    expect(isValidCloseCode(code)).toBe(true);
  });

  it.each([0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 2000, 2999, 5000, 65535, -1000])('refuses %i', (code) => {
    expect(isValidCloseCode(code)).toBe(false);
  });

  it('refuses non-integers and non-finite numbers', () => {
    for (const code of [1000.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(isValidCloseCode(code)).toBe(false);
  });
});
