// `pnpm cluster`: a local Redis (unless REDIS_URL is given) and three chat nodes on ports 8081-8083, each its own OS process, until Ctrl-C.
import { randomBytes } from 'node:crypto';
import { startLocalRedisServer, type LocalRedisServer } from '@corral/redis/local-server';
import { launcherConfig, nodeEnv, redactUrl, type LauncherConfig } from './cluster/cluster-config.js';
import { forkNode, type NodeProcess } from './cluster/node-process.js';

const parsed = launcherConfig(process.env);
if (!parsed.ok) {
  console.error(`cluster: ${parsed.reason}`);
  process.exit(2);
}
const config: LauncherConfig = parsed.value;
const detectionMs = config.heartbeatMs + config.nodeTimeoutMs;

let redis: LocalRedisServer | null = null;
if (config.redisUrl === null) {
  redis = await startLocalRedisServer().catch((error: unknown) => {
    console.error(`cluster: ${error instanceof Error ? error.message : String(error)}; or give the URL of a Redis in REDIS_URL`);
    process.exit(1);
  });
  console.log(`No REDIS_URL given: started redis-server on ${redis.url} (pid ${redis.pid}, no persistence); it stops with the cluster.`);
}
const redisUrl = config.redisUrl ?? (redis as LocalRedisServer).url;

// One secret for the cluster's nodes (Redis messages are signed with it): CLUSTER_SECRET, or a random one of this run.
const secret = config.secret ?? randomBytes(32).toString('base64url');
const nodes: NodeProcess[] = config.ports.map((port) => {
  const name = `chat@${port}`;
  const { heartbeatMs, nodeTimeoutMs, namespace, host } = config;
  return forkNode({ name, env: nodeEnv({ name, port, host, redisUrl, namespace, heartbeatMs, nodeTimeoutMs, secret }) });
});

let stopping = false;
/** Stops every node still running (SIGTERM, then SIGKILL after 5 s), then the Redis started here, and exits. */
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(nodes.map((n) => n.stop()));
  await redis?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

let allReady = false;
let running = nodes.length;
for (const n of nodes) {
  void n.exited.then(({ code, signal }) => {
    running--;
    if (stopping || !allReady) return; // before all are ready, a node that exits fails the start below
    console.log(`${n.name} (pid ${n.child.pid}) exited (${signal ?? `code ${code}`}): the other nodes drop its members within ${detectionMs} ms.`);
    if (running === 0) {
      console.log('No node is left: stopping.');
      void stop(1);
    }
  });
}

try {
  const reports = await Promise.all(nodes.map((n) => n.ready));
  allReady = true;
  console.log(`Corral chat cluster '${config.namespace}' over ${redactUrl(redisUrl)}: ${nodes.length} nodes, each its own OS process.`);
  for (const [i, report] of reports.entries()) console.log(`  ${report.node.padEnd(12)} ${report.url.padEnd(26)} kill ${nodes[i]?.child.pid}`);
  console.log(`Open ${reports[0]?.url}#lobby and ${reports.at(1)?.url ?? reports[0]?.url}#lobby in two tabs and join with two nicknames: one room, one member list, each member with its node.`);
  console.log(`Kill a node with the command beside it: its members leave the other lists within ${detectionMs} ms (HEARTBEAT_MS ${config.heartbeatMs} + NODE_TIMEOUT_MS ${config.nodeTimeoutMs}). Ctrl-C stops everything.`);
} catch (error) {
  console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
