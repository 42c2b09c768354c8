// startLocalRedisCluster: a Redis Cluster of redis-server child processes on loopback ports (masters only), for development and tests.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startLocalRedisServer, type LocalRedisServer } from './local-redis-server.js';
import { RedisTransportError } from './redis-transport-error.js';

/** Options of {@link startLocalRedisCluster}. */
export interface LocalRedisClusterOptions {
  /** How many masters (default 3, the fewest `redis-cli --cluster create` accepts). */
  masters?: number;
  /** `cluster-node-timeout` in ms (default 2000): how long a master may be unreachable before the cluster counts it failed. */
  nodeTimeoutMs?: number;
  /** How long to wait for the cluster to be formed, in ms (default 20,000). */
  startTimeoutMs?: number;
}

/** A Redis Cluster of redis-server child processes on 127.0.0.1. */
export interface LocalRedisCluster {
  /** One server per master, in the order of their ports. */
  readonly servers: readonly LocalRedisServer[];
  /** `redis://127.0.0.1:<port>` of the first master: a seed for a cluster client. */
  readonly url: string;
  /** Stops every server (SIGKILL when `hard`) and removes their cluster files. */
  stop(hard?: boolean): Promise<void>;
}

/** True when nothing listens on 127.0.0.1:`port` now. */
async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  const [event] = await Promise.race([once(server, 'listening').then(() => ['listening']), once(server, 'error').then(() => ['error'])]);
  if (event === 'listening') {
    server.close();
    await once(server, 'close');
  }
  return event === 'listening';
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && (await isFree(port + 10_000))) return port;
  }
}

/** Runs `redis-cli --cluster create` over `ports`, one master each, no replicas. */
async function createCluster(ports: readonly number[]): Promise<void> {
  const cli = spawn('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  cli.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  cli.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const [code] = (await once(cli, 'exit')) as [number | null];
  if (code !== 0) throw new RedisTransportError('localServer', `redis-cli --cluster create failed (${code}): ${output.trim().split('\n').slice(-3).join(' ')}`);
}

/** Resolves once every master reports `cluster_state:ok`; rejects after `timeoutMs`. */
async function clusterUp(ports: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const clients = ports.map((port) => new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 }));
  try {
    for (;;) {
      const states = await Promise.all(clients.map((c) => c.call('CLUSTER', 'INFO').then(String, () => '')));
      if (states.every((s) => s.includes('cluster_state:ok'))) return;
      if (Date.now() > deadline) throw new RedisTransportError('localServer', `the cluster on ports ${ports.join(', ')} was not ok within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    for (const c of clients) c.disconnect();
  }
}

/**
 * Starts `masters` redis-servers with `cluster-enabled yes` on free loopback ports (their cluster
 * files in a temporary directory), joins them with `redis-cli --cluster create` (the slots split
 * evenly, no replicas), and resolves once every master says `cluster_state:ok`. For development and
 * tests of sharded pub/sub; rejects with `RedisTransportError('localServer')` when it cannot.
 */
export async function startLocalRedisCluster(opts: LocalRedisClusterOptions = {}): Promise<LocalRedisCluster> {
  const { masters = 3, nodeTimeoutMs = 2000, startTimeoutMs = 20_000 } = opts;
  const dir = await mkdtemp(join(tmpdir(), 'corral-redis-cluster-'));
  const servers: LocalRedisServer[] = [];
  const stop = async (hard = false): Promise<void> => {
    await Promise.all(servers.map((s) => s.stop(hard)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await clusterPort();
      const args = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', String(nodeTimeoutMs), '--dir', dir];
      servers.push(await startLocalRedisServer({ port, args }));
    }
    const ports = servers.map((s) => s.port);
    await createCluster(ports);
    await clusterUp(ports, startTimeoutMs);
  } catch (error) {
    await stop(true);
    throw error;
  }
  return { servers, url: servers[0]?.url ?? '', stop };
}
