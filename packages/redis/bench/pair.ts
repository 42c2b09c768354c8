// Two Corral nodes of this process joined over Redis, and the same traffic as raw ioredis PUBLISH for the baseline.
import { createNode, isNodeUpMessage, type Node } from '@corral/actor';
import { Redis } from 'ioredis';
import { createRedisTransport } from '../src/index.js';

/** The cluster secret of the benchmark's nodes: every Redis message they exchange is signed and checked, as in production. */
const SECRET = 'the cluster secret of the benchmark';

/** Two nodes on their own Redis transports (with a cluster secret), connected to each other. */
export async function startPair(url: string, namespace: string): Promise<{ a: Node; b: Node; stop(): void }> {
  const quiet = { error() {}, warn() {}, info() {} };
  const make = (name: string): Node => createNode({ name, creation: 1, logger: quiet, transport: createRedisTransport({ url, namespace, logger: quiet, secret: SECRET }) });
  const a = make('a@bench');
  const b = make('b@bench');
  await new Promise<void>((resolve) => {
    a.spawn(async (ctx) => {
      ctx.monitorNode('b@bench');
      if (!a.connectedNodes().includes('b@bench')) await ctx.receive(isNodeUpMessage);
      resolve();
    });
  });
  return { a, b, stop: () => (a.stop(), b.stop()) };
}

/** A publisher connection and a subscriber connection of raw ioredis on `channels`. */
export async function rawClients(url: string, channels: string[]): Promise<{ pub: Redis; sub: Redis; stop(): Promise<void> }> {
  const pub = new Redis(url);
  const sub = new Redis(url);
  await sub.subscribe(...channels);
  await pub.ping();
  return { pub, sub, stop: async () => void (await Promise.all([pub.quit(), sub.quit()])) };
}
