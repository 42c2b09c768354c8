// startObserver: the observer of a node, as a pg scope for the watching pages, the sampler process and their handler.
import { startPg, type Node, type Pg, type Pid } from '@corral/actor';
import type { WebSocketHandler } from '@corral/websocket';
import type { BucketLimits } from '../chat/token-bucket.js';
import { observerHandler, type ObserverState } from './observer-handler.js';
import { Sampler } from './sampler.js';

/** Options of {@link startObserver}. */
export interface ObserverOptions {
  /** How many processes a snapshot lists (default 50). */
  limit?: number;
  /** The interval between snapshots in ms (default 1000). */
  everyMs?: number;
  /** The flood limit of an observer connection. */
  bucket: BucketLimits;
  /** Ms without a frame from a page before its connection is closed (default 60,000). */
  idleTimeoutMs?: number;
}

/** A running observer. */
export interface Observer {
  /** Its pg scope (`'observers'`). */
  pg: Pg;
  /** The sampler process (registered as `'observer'`). */
  sampler: Pid;
  /** The WebSocket handler to route pages to. */
  handler: WebSocketHandler<ObserverState>;
  /** Stops the sampler and the scope (the connections stay until their server closes). */
  stop(): void;
}

/** Starts the observer of `node`: Erlang's observer for Corral, fed to pages over a WebSocket. */
export function startObserver(node: Node, opts: ObserverOptions): Observer {
  const pg = startPg(node, { scope: 'observers' });
  const sampler = node.spawnHandler(new Sampler({ node, pg, limit: opts.limit ?? 50, everyMs: opts.everyMs ?? 1000 }), { name: 'observer', kind: 'observer' });
  return {
    pg,
    sampler,
    handler: observerHandler({ pg, clock: node.clock, logger: node.logger, bucket: opts.bucket, idleTimeoutMs: opts.idleTimeoutMs ?? 60_000 }),
    stop() {
      node.exit(sampler, 'shutdown');
      pg.stop();
    },
  };
}
