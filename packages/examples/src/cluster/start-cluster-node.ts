// startClusterNode: one chat node of the cluster, a node joined to the others over Redis serving the chat on its port.
import { createNode, type Node } from '@corral/actor';
import { createRedisTransport } from '@corral/redis';
import { startChatServer, type ChatServer } from '../chat-server.js';
import type { ClusterNodeConfig } from './cluster-config.js';

/** A running cluster node. */
export interface ClusterNode {
  node: Node;
  chat: ChatServer;
  /**
   * `node.ready`: resolves once the node is connected to Redis (and subscribed): from then on, it hears
   * the other nodes and they hear it. Rejects when Redis cannot be reached at start (the node then stays alone).
   */
  joined: Promise<void>;
  /** Closes the chat's connections and server, then stops the node (the other nodes see it go at once). */
  stop(): Promise<void>;
}

/**
 * Starts the node `config.name` on the Redis transport (namespace `config.namespace`) with the
 * cluster's heartbeat and timeout, and the chat on `config.host`:`config.port`. Its chat rooms
 * are pg groups spanning every node of the namespace. Resolves once the chat listens; joining the
 * other nodes goes on in the background (see `joined`; a Redis that cannot be reached is logged).
 */
export async function startClusterNode(config: ClusterNodeConfig): Promise<ClusterNode> {
  const transport = createRedisTransport({
    url: config.redisUrl,
    namespace: config.namespace,
    ...(config.secret === undefined ? {} : { secret: config.secret }),
  });
  const node = createNode({
    name: config.name,
    heartbeatMs: config.heartbeatMs,
    nodeTimeoutMs: config.nodeTimeoutMs,
    transport,
  });
  let chat: ChatServer;
  try {
    chat = await startChatServer({ node, port: config.port, host: config.host, ...(config.allowedOrigins === undefined ? {} : { allowedOrigins: config.allowedOrigins }) });
  } catch (error) {
    node.stop();
    throw error;
  }
  return {
    node,
    chat,
    joined: node.ready,
    async stop() {
      await chat.close();
      node.stop();
    },
  };
}
