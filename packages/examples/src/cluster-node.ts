// One chat node of the cluster, configured by environment variables: REDIS_URL, NODE_NAME, PORT, HOST (see the README's "Cluster").
import { hostname } from 'node:os';
import { clusterNodeConfig, redactUrl } from './cluster/cluster-config.js';
import type { NodeReport } from './cluster/node-process.js';
import { startClusterNode } from './cluster/start-cluster-node.js';

const config = clusterNodeConfig(process.env, hostname());
if (!config.ok) {
  console.error(`cluster-node: ${config.reason}`);
  process.exit(2);
}
const { name, redisUrl, namespace, heartbeatMs, nodeTimeoutMs } = config.value;
const started = await startClusterNode(config.value).catch((error: unknown) => {
  console.error(`cluster-node: ${name} could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

let stopping = false;
/** Stops the chat and the node (the other nodes hear its goodbye), then lets the process end once Redis's connections have closed. */
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await started.stop();
  if (process.connected) process.disconnect();
  // The process ends by itself once Redis's connections have closed; this is for when they do not.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// Started by the launcher: the launcher gone (even killed), the node goes too.
process.on('disconnect', () => void stop());

// Started by the launcher: it is told once the node listens and has joined; on its own, it says so.
const launched = process.send !== undefined;
if (!launched) console.log(`Corral chat node ${name} on ${started.chat.url} (pid ${process.pid}); joining cluster '${namespace}' over ${redactUrl(redisUrl)}...`);
await started.joined.catch(async (error: unknown) => {
  console.error(`cluster-node: ${name} could not join the cluster: ${error instanceof Error ? error.message : String(error)}; stopping.`);
  await started.stop();
  process.exit(1);
});
if (launched) {
  process.send?.({ type: 'ready', node: name, url: started.chat.url } satisfies NodeReport);
} else {
  console.log(`Joined the cluster: a node that stops answering is seen down within ${heartbeatMs + nodeTimeoutMs} ms. Ctrl-C to stop.`);
}
