// GenServer results: what each constructor builds, and how isResult tells them from lookalikes.
import { ignore, noreply, ok, reply, stop } from '@corral/actor';
import { describe, expect, it } from 'vitest';
import { isResult } from '../../src/gen-server/result.js';

const ALL = ['ok', 'reply', 'noreply', 'stop', 'ignore'] as const;

describe('the result constructors', () => {
  it('ok carries the state and the options', () => {
    expect(ok({ n: 1 }, { hibernate: true })).toMatchObject({ type: 'ok', state: { n: 1 }, opts: { hibernate: true } });
    expect(ok(0).opts).toBeUndefined();
  });

  it('reply carries the value, the state and the options', () => {
    expect(reply('v', 3, { timeout: 10 })).toMatchObject({ type: 'reply', value: 'v', state: 3, opts: { timeout: 10 } });
  });

  it('noreply carries the state and the options', () => {
    expect(noreply([1], { continue: 'next' })).toMatchObject({ type: 'noreply', state: [1], opts: { continue: 'next' } });
  });

  it('stop carries the reason and the state, and a reply only when one is given (even an undefined one)', () => {
    expect(stop('shutdown', 1)).toMatchObject({ type: 'stop', reason: 'shutdown', state: 1, reply: undefined });
    expect(stop('normal', 1, { reply: 'bye' }).reply).toEqual({ value: 'bye' });
    expect(stop('normal', 1, { reply: undefined }).reply).toEqual({ value: undefined });
  });

  it('ignore is a result of its own type', () => {
    expect(ignore()).toMatchObject({ type: 'ignore' });
  });
});

describe('isResult', () => {
  it('accepts what the constructors build when the type is allowed', () => {
    for (const result of [ok(1), reply(1, 2), noreply(1), stop('normal', 1), ignore()]) {
      expect(isResult(result, ALL)).toBe(true);
    }
  });

  it('refuses a result whose type the callback may not return', () => {
    expect(isResult(reply(1, 2), ['noreply', 'stop'])).toBe(false);
    expect(isResult(ok(1), ['reply', 'noreply', 'stop'])).toBe(false);
    expect(isResult(ignore(), ['noreply', 'stop'])).toBe(false);
  });

  it('refuses lookalikes: an object with the same fields, a JSON copy, primitives and nothing', () => {
    const lookalikes: unknown[] = [
      { type: 'noreply', state: 1, opts: undefined },
      JSON.parse(JSON.stringify(reply(1, 2))),
      'noreply',
      ['noreply', 1],
      null,
      undefined,
      42,
    ];
    for (const value of lookalikes) expect(isResult(value, ALL)).toBe(false);
  });
});
