// The Redis channel names of one cluster: one per node, one for broadcasts, all under the cluster's namespace.
import { RedisTransportError } from './redis-transport-error.js';

/** The channels of the cluster named `namespace`. */
export interface Channels {
  /** The channel a node subscribes to for the packets sent to it. */
  node(name: string): string;
  /** The channel every node subscribes to for broadcasts. */
  readonly all: string;
}

/** The channels of `namespace`; throws `badOption` when it is empty or holds a `:` (two namespaces could then share a channel). */
export function channelsOf(namespace: string): Channels {
  if (typeof namespace !== 'string' || namespace.length === 0 || namespace.includes(':')) {
    throw new RedisTransportError('badOption', `the namespace must be a non-empty string without ':' (got ${JSON.stringify(namespace)})`);
  }
  return { node: (name) => `${namespace}:node:${name}`, all: `${namespace}:all` };
}
