// Which nodes are up: heartbeats heard both ways, timeouts and new incarnations, as a table without a clock.
import type { NodeIdentity } from '../kernel/node-identity.js';

/** What hearing a heartbeat changed. */
export interface HeardOutcome {
  /** The node's incarnation that went down (a new creation replaced it, or it stopped hearing this node), if any. */
  down: NodeIdentity | null;
  /** True when the node (this incarnation) just came up. */
  up: boolean;
  /** True when the sender should get a heartbeat back at once (it is new, or its view of this node is behind). */
  answer: boolean;
}

interface Peer {
  creation: number;
  lastHeard: number;
  /** Heard both ways: it hears this node (its heartbeats list it), and this node hears it. */
  up: boolean;
}

/**
 * The liveness table of one node. A node is up while the link works both ways, as an Erlang
 * connection does: from the first heartbeat that lists this node among those it hears, until it is
 * unheard for the timeout, says goodbye, is heard with another creation (the earlier incarnation went
 * down), or sends a heartbeat that no longer lists this node (it timed this node out: a one-way
 * partition). A node heard but not hearing this one is pending: listed in this node's heartbeats,
 * never up. Time is passed in, so the policy is tested without a clock.
 */
export class Peers {
  private readonly peers = new Map<string, Peer>();

  /** A heartbeat from `name` incarnation `creation` at time `now`; `hearsMe` when it lists this node. */
  heartbeat(name: string, creation: number, now: number, hearsMe: boolean): HeardOutcome {
    const peer = this.peers.get(name);
    if (peer === undefined || peer.creation !== creation) {
      this.peers.set(name, { creation, lastHeard: now, up: hearsMe });
      return { down: peer?.up === true ? { name, creation: peer.creation } : null, up: hearsMe, answer: true };
    }
    peer.lastHeard = now;
    if (peer.up === hearsMe) return { down: null, up: false, answer: false };
    peer.up = hearsMe;
    return { down: hearsMe ? null : { name, creation }, up: hearsMe, answer: true };
  }

  /** Any other packet from an up node counts as a sign of life; false when that incarnation is not up. */
  touch(name: string, creation: number, now: number): boolean {
    const peer = this.peers.get(name);
    if (peer === undefined || peer.creation !== creation || !peer.up) return false;
    peer.lastHeard = now;
    return true;
  }

  /** True when incarnation `creation` of `name` is up. */
  isUp(name: string, creation: number): boolean {
    const peer = this.peers.get(name);
    return peer !== undefined && peer.up && peer.creation === creation;
  }

  /** The up incarnation of `name`, if any. */
  creationOf(name: string): number | undefined {
    const peer = this.peers.get(name);
    return peer?.up === true ? peer.creation : undefined;
  }

  /** Forgets `name` (goodbye, or stopping); returns the incarnation that was up, if any. */
  drop(name: string): NodeIdentity | null {
    const peer = this.peers.get(name);
    if (peer === undefined) return null;
    this.peers.delete(name);
    return peer.up ? { name, creation: peer.creation } : null;
  }

  /** Forgets the nodes unheard for more than `timeout` ms at time `now`; returns those that were up. */
  expire(now: number, timeout: number): NodeIdentity[] {
    const gone: NodeIdentity[] = [];
    for (const [name, peer] of this.peers) {
      if (now - peer.lastHeard <= timeout) continue;
      this.peers.delete(name);
      if (peer.up) gone.push({ name, creation: peer.creation });
    }
    return gone;
  }

  /** The names of the nodes up now. */
  names(): string[] {
    const up: string[] = [];
    for (const [name, peer] of this.peers) if (peer.up) up.push(name);
    return up;
  }

  /** Every node this one hears (up or pending), as `[name, creation]`: what its heartbeats carry. */
  heard(): Array<[string, number]> {
    return [...this.peers].map(([name, peer]) => [name, peer.creation]);
  }
}
