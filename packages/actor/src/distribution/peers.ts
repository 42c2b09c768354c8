// Which nodes are up: heartbeats heard, timeouts and new incarnations, as a table without a clock.
import type { NodeIdentity } from '../kernel/node-identity.js';

/** What hearing from a node changed. */
export interface HeardOutcome {
  /** The node's incarnation that went down (a new creation replaced it), if any. */
  down: NodeIdentity | null;
  /** True when the node (this incarnation) just came up. */
  up: boolean;
}

/**
 * The liveness table of one node. A node is up from its first heartbeat until it is unheard for the
 * timeout, says goodbye, or is heard with another creation (the earlier incarnation went down).
 * Time is passed in, so the policy is tested without a clock.
 */
export class Peers {
  private readonly peers = new Map<string, { creation: number; lastHeard: number }>();

  /** A heartbeat from `name` incarnation `creation` at time `now`. */
  heartbeat(name: string, creation: number, now: number): HeardOutcome {
    const peer = this.peers.get(name);
    if (peer !== undefined && peer.creation === creation) {
      peer.lastHeard = now;
      return { down: null, up: false };
    }
    this.peers.set(name, { creation, lastHeard: now });
    return { down: peer === undefined ? null : { name, creation: peer.creation }, up: true };
  }

  /** Any other packet from an up node counts as a sign of life; false when that incarnation is not up. */
  touch(name: string, creation: number, now: number): boolean {
    const peer = this.peers.get(name);
    if (peer === undefined || peer.creation !== creation) return false;
    peer.lastHeard = now;
    return true;
  }

  /** True when incarnation `creation` of `name` is up. */
  isUp(name: string, creation: number): boolean {
    return this.peers.get(name)?.creation === creation;
  }

  /** The up incarnation of `name`, if any. */
  creationOf(name: string): number | undefined {
    return this.peers.get(name)?.creation;
  }

  /** Marks `name` down (goodbye, or stopping); returns the incarnation that was up, if any. */
  drop(name: string): NodeIdentity | null {
    const peer = this.peers.get(name);
    if (peer === undefined) return null;
    this.peers.delete(name);
    return { name, creation: peer.creation };
  }

  /** Removes and returns the nodes unheard for more than `timeout` ms at time `now`. */
  expire(now: number, timeout: number): NodeIdentity[] {
    const gone: NodeIdentity[] = [];
    for (const [name, peer] of this.peers) if (now - peer.lastHeard > timeout) gone.push({ name, creation: peer.creation });
    for (const { name } of gone) this.peers.delete(name);
    return gone;
  }

  /** The names of the nodes up now. */
  names(): string[] {
    return [...this.peers.keys()];
  }
}
