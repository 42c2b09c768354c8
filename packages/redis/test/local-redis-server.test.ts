// startLocalRedisServer: a real redis-server on a free loopback port, its refusals, and its stop.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { isRedisTransportError } from '../src/index.js';
import { freePort, startLocalRedisServer } from '../src/local-server.js';

describe('startLocalRedisServer', () => {
  it('starts a redis-server without persistence that answers on its url, and stops it', async () => {
    const server = await startLocalRedisServer();
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(server.pid).toBeGreaterThan(0);
    } finally {
      client.disconnect();
      await server.stop();
    }
    expect(server.running).toBe(false);
    expect(server.pid).toBeUndefined();
  });

  it('rejects with the code localServer when the executable is missing', async () => {
    const error: unknown = await startLocalRedisServer({ command: 'no-such-redis-server' }).catch((e: unknown) => e);
    expect(isRedisTransportError(error, 'localServer')).toBe(true);
    expect(String(error)).toMatch(/no-such-redis-server did not start/);
  });

  it('rejects with the code localServer when the server exits before accepting connections', async () => {
    const error: unknown = await startLocalRedisServer({ args: ['--no-such-option', 'yes'] }).catch((e: unknown) => e);
    expect(isRedisTransportError(error, 'localServer')).toBe(true);
    expect(String(error)).toMatch(/exited \(1\) before accepting connections/);
  });

  it('rejects with the code localServer when its port is already taken', async () => {
    const first = await startLocalRedisServer();
    try {
      const error: unknown = await startLocalRedisServer({ port: first.port }).catch((e: unknown) => e);
      expect(isRedisTransportError(error, 'localServer')).toBe(true);
      expect(String(error)).toMatch(/already taken/);
    } finally {
      await first.stop();
    }
  });

  it('finds a free loopback port', async () => {
    expect(await freePort()).toBeGreaterThan(0);
  });
});
