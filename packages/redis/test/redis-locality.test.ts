import { describe, expect, it } from 'vitest';
import { isLocalRedis, isLoopbackHost } from '../src/redis-locality.js';

describe('which Redis hosts are on this machine', () => {
  it('counts localhost, 127.0.0.0/8, ::1 (any spelling) and IPv4-mapped loopback as loopback', () => {
    for (const host of ['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.255.3.4', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('counts every other address or name as remote, names that look local included', () => {
    for (const host of ['10.0.0.1', '192.168.1.1', '0.0.0.0', '128.0.0.1', '::', '::2', '::ffff:10.0.0.1', 'redis.internal', '127.0.0.1.nip.io', 'localhost.example.com', 'sub.localhost', '']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('reads the host of a redis:// or rediss:// url, with or without credentials, and a unix socket path as local', () => {
    expect(isLocalRedis('redis://127.0.0.1:6379')).toBe(true);
    expect(isLocalRedis('rediss://user:pw@localhost:6380/2')).toBe(true);
    expect(isLocalRedis('redis://[::1]:6379')).toBe(true);
    expect(isLocalRedis('/run/redis/redis.sock')).toBe(true);
    expect(isLocalRedis('redis://redis.internal:6379', { path: '/tmp/redis.sock' })).toBe(true);
    expect(isLocalRedis('redis://redis.internal:6379')).toBe(false);
    expect(isLocalRedis('rediss://:pw@10.1.2.3')).toBe(false);
    expect(isLocalRedis('redis://127.0.0.1@evil.example:6379')).toBe(false);
  });

  it('counts a url without a host by the host option (ioredis falls back to it), and sentinels or a connector as remote', () => {
    expect(isLocalRedis('redis:///2', { host: 'redis.internal' })).toBe(false);
    expect(isLocalRedis('redis:///2', { host: '127.0.0.1' })).toBe(true);
    expect(isLocalRedis('redis:///2')).toBe(true);
    expect(isLocalRedis('redis://127.0.0.1:6379', { sentinels: [{ host: '127.0.0.1', port: 26379 }] })).toBe(false);
    expect(isLocalRedis('redis://:pw@:6379')).toBe(false); // no url ioredis could use either
  });
});
