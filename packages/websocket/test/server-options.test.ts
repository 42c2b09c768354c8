// The createServer timeouts listen derives from headersTimeout: checked every tenth of it (at most every second), requestTimeout never below it.
import { describe, expect, it } from 'vitest';
import { httpTimeouts } from '../src/server-options.js';

describe('httpTimeouts', () => {
  it('keeps the default 10 s with a check every second and Node\'s 300 s requestTimeout', () => {
    expect(httpTimeouts(10_000)).toEqual({ headersTimeout: 10_000, requestTimeout: 300_000, connectionsCheckingInterval: 1000 });
  });

  it('checks a short timeout every tenth of it', () => {
    expect(httpTimeouts(200)).toEqual({ headersTimeout: 200, requestTimeout: 300_000, connectionsCheckingInterval: 20 });
    expect(httpTimeouts(5)).toEqual({ headersTimeout: 5, requestTimeout: 300_000, connectionsCheckingInterval: 1 });
  });

  it('raises requestTimeout to a headersTimeout longer than 300 s', () => {
    expect(httpTimeouts(600_000)).toEqual({ headersTimeout: 600_000, requestTimeout: 600_000, connectionsCheckingInterval: 1000 });
  });

  it('turns Infinity into no headers timeout', () => {
    expect(httpTimeouts(Infinity)).toEqual({ headersTimeout: 0, requestTimeout: 300_000, connectionsCheckingInterval: 1000 });
  });
});
