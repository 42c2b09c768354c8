// The launcher `pnpm cluster` from its sources: without REDIS_URL it starts a Redis of its own and three node processes, and SIGTERM stops them all.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '@corral/redis/local-server';
import { describe, expect, it } from 'vitest';
import { sourcePath, TYPESCRIPT_EXEC_ARGV } from './support/typescript-children.js';

/** True while a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Three distinct free loopback ports. */
async function threePorts(): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  return [...ports];
}

describe('the cluster launcher', () => {
  it('starts a local Redis and three nodes serving the page when REDIS_URL is unset, and stops them all on SIGTERM', async () => {
    const ports = await threePorts();
    const env: NodeJS.ProcessEnv = { ...process.env, PORTS: ports.join(','), HEARTBEAT_MS: '100', NODE_TIMEOUT_MS: '500' };
    delete env['REDIS_URL'];
    const launcher = spawn(process.execPath, [...TYPESCRIPT_EXEC_ARGV, sourcePath('src/cluster.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(launcher, 'exit');
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        launcher.stdout.on('data', (chunk: Buffer) => {
          out += String(chunk);
          if (out.includes('Ctrl-C stops everything')) resolve();
        });
        void exited.then(() => reject(new Error(`the launcher exited early:\n${out}`)));
      });
      const redisPid = Number(/started redis-server on redis:\/\/127\.0\.0\.1:\d+ \(pid (\d+)/.exec(out)?.[1]);
      const nodePids = [...out.matchAll(/chat@(\d+) +http:\/\/localhost:\1\/ +kill (\d+)/g)].map((m) => Number(m[2]));
      expect(nodePids).toHaveLength(3);
      for (const port of ports) {
        const page = await fetch(`http://127.0.0.1:${port}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('id="members"');
      }
      launcher.kill('SIGTERM');
      expect(await exited).toEqual([0, null]);
      for (const pid of [redisPid, ...nodePids]) expect(alive(pid)).toBe(false);
    } finally {
      if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
    }
  }, 40_000);
});
