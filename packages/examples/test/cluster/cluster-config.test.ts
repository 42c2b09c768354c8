// The cluster's settings from environment variables: defaults, overrides, refusals, and what the launcher passes to each node.
import { describe, expect, it } from 'vitest';
import { clusterNodeConfig, launcherConfig, nodeEnv, redactUrl } from '../../src/cluster/cluster-config.js';

describe('clusterNodeConfig', () => {
  it('needs REDIS_URL and defaults the rest: a name from the port and host, 8080 on loopback, heartbeat 500 ms, timeout 2000 ms', () => {
    expect(clusterNodeConfig({}, 'box')).toEqual({ ok: false, reason: expect.stringMatching(/^REDIS_URL is required/) });
    expect(clusterNodeConfig({ REDIS_URL: 'redis://r:6379' }, 'box')).toEqual({
      ok: true,
      value: { name: 'chat-8080@box', port: 8080, host: '127.0.0.1', redisUrl: 'redis://r:6379', namespace: 'corral-chat', heartbeatMs: 500, nodeTimeoutMs: 2000 },
    });
  });

  it('takes every setting from its variable', () => {
    const env = { REDIS_URL: 'rediss://:pw@r:6380', NODE_NAME: 'chat@machine-a', PORT: '9000', HOST: '0.0.0.0', CLUSTER_NAMESPACE: 'team', HEARTBEAT_MS: '100', NODE_TIMEOUT_MS: '500', CLUSTER_SECRET: 'sixteen chars...', ALLOWED_ORIGINS: 'https://chat.example.com,http://10.0.0.5:9000' };
    const config = clusterNodeConfig(env, 'box');
    expect(config).toEqual({ ok: true, value: { name: 'chat@machine-a', port: 9000, host: '0.0.0.0', redisUrl: 'rediss://:pw@r:6380', namespace: 'team', heartbeatMs: 100, nodeTimeoutMs: 500, secret: 'sixteen chars...', allowedOrigins: ['https://chat.example.com', 'http://10.0.0.5:9000'] } });
    expect(config.ok && nodeEnv(config.value)).toEqual(env);
  });

  it.each([
    [{ REDIS_URL: 'http://r' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ PORT: 'eighty' }, /PORT must be a whole number from 0 to 65535/],
    [{ CLUSTER_NAMESPACE: 'a:b' }, /CLUSTER_NAMESPACE cannot contain/],
    [{ HEARTBEAT_MS: '0' }, /HEARTBEAT_MS must be a whole number/],
    [{ HEARTBEAT_MS: '500', NODE_TIMEOUT_MS: '500' }, /NODE_TIMEOUT_MS must be longer than HEARTBEAT_MS/],
    [{ NODE_NAME: 'chat @a' }, /NODE_NAME cannot contain spaces/],
    [{ CLUSTER_SECRET: 'fifteen chars..' }, /CLUSTER_SECRET must be at least 16 characters/],
  ])('refuses %o', (env, reason) => {
    expect(clusterNodeConfig({ REDIS_URL: 'redis://r', ...env }, 'box')).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });
});

describe('launcherConfig', () => {
  it('runs nodes on 8081-8083 against a Redis of its own unless REDIS_URL is given', () => {
    expect(launcherConfig({})).toEqual({ ok: true, value: { ports: [8081, 8082, 8083], host: '127.0.0.1', namespace: 'corral-chat', redisUrl: null, heartbeatMs: 500, nodeTimeoutMs: 2000 } });
    expect(launcherConfig({ REDIS_URL: 'redis://r', PORTS: '9001, 9002' })).toMatchObject({ ok: true, value: { ports: [9001, 9002], redisUrl: 'redis://r' } });
  });

  it('refuses ports that are not distinct ports', () => {
    expect(launcherConfig({ PORTS: '9001,9001' })).toMatchObject({ ok: false });
    expect(launcherConfig({ PORTS: '9001,x' })).toMatchObject({ ok: false });
    expect(launcherConfig({ PORTS: '0' })).toMatchObject({ ok: false });
  });
});

describe('redactUrl', () => {
  it('hides a password, and keeps a url without one as it is', () => {
    expect(redactUrl('redis://user:secret@r:6379/2')).toBe('redis://user:***@r:6379/2');
    expect(redactUrl('rediss://:secret@r:6380')).toBe('rediss://:***@r:6380');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
