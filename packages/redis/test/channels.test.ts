import { describe, expect, it } from 'vitest';
import { channelsOf } from '../src/channels.js';
import { isRedisTransportError } from '../src/redis-transport-error.js';

describe('the channels of a namespace', () => {
  it('gives each node a channel and the cluster one for broadcasts, all under the namespace', () => {
    const channels = channelsOf('chat');
    expect(channels.node('a@host')).toBe('chat:node:a@host');
    expect(channels.all).toBe('chat:all');
  });

  it('refuses an empty namespace and one with a colon, which could share channels with another', () => {
    for (const bad of ['', 'a:b']) {
      let error: unknown;
      try {
        channelsOf(bad);
      } catch (e) {
        error = e;
      }
      expect(isRedisTransportError(error, 'badOption')).toBe(true);
    }
  });
});
