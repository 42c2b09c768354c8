// Which nodes are up and on which connection: heartbeats heard both ways, timeouts, new incarnations, numbered packets.
import type { NodeIdentity } from '../kernel/node-identity.js';
import { Connection } from './connection.js';
import type { Heard } from './wire.js';

/** What hearing a heartbeat changed. */
export interface HeardOutcome {
  /** The node's incarnation whose connection ended (a new creation, it stopped hearing this node, or a gap), if any. */
  down: NodeIdentity | null;
  /** True when the node (this incarnation) just came up. */
  up: boolean;
  /** True when the sender should get a heartbeat back at once (it is new, or its view of this node is behind). */
  answer: boolean;
  /** True when `down` is because packets it had sent never arrived. */
  lost?: boolean;
}

/** What a numbered packet from a peer means. */
export type Received =
  /** Apply it; `up` when the connection came up with it (the heartbeat that would have said so was lost). */
  | { kind: 'apply'; up: boolean }
  /** Drop it: a packet of an ended connection, or of an incarnation that is not known. */
  | { kind: 'drop' }
  /** The connection is broken: `down` (if it was up here) goes down; tell the peer its connection `conn` ended. */
  | { kind: 'break'; down: NodeIdentity | null; conn: number };

interface Peer {
  creation: number;
  lastHeard: number;
  /** Up: both sides know both connection ids. */
  up: boolean;
  conn: Connection;
}

/** Limits of a liveness table. */
export interface PeersLimits {
  /** Nodes heard but not up that the table keeps; heartbeats of further unknown nodes are ignored (default 64). */
  pending: number;
}

/**
 * The liveness table of one node. A node is up while its connection works both ways, as an Erlang
 * connection does: from the heartbeat that echoes this node's connection id, until it is unheard for
 * the timeout, says goodbye, is heard with another creation, sends a heartbeat that no longer matches
 * the connection (it ended it, or it lost a packet), or a numbered packet is out of order. A node
 * heard but not up is pending, and listed in this node's heartbeats. Time is passed in, so the policy
 * is tested without a clock.
 */
export class Peers {
  private readonly peers = new Map<string, Peer>();
  private nextConn: number;
  private pendingCount = 0;

  /**
   * `firstConn`: the id of this node's first connection, the next ones counting up from it. A node
   * starts from a random one, so that a packet in another node's name cannot guess the ids of a
   * connection (too low: dropped as stale, too high: the connection ends), even without a secret.
   */
  constructor(private readonly limits: PeersLimits = { pending: 64 }, firstConn = 1) {
    this.nextConn = firstConn;
  }

  /**
   * A heartbeat from `name` incarnation `creation` at `now`; `entry` is its entry for this node, if it
   * lists this node. Null when the node is unknown and the table already holds its limit of pending nodes.
   */
  heartbeat(name: string, creation: number, now: number, entry: Heard | null): HeardOutcome | null {
    const peer = this.peers.get(name);
    if (peer === undefined || peer.creation !== creation) {
      if (peer === undefined && this.pendingCount >= this.limits.pending) return null;
      const down = peer !== undefined ? this.forget(name, peer) : null;
      const fresh: Peer = { creation, lastHeard: now, up: false, conn: this.connection(entry) };
      this.peers.set(name, fresh);
      this.pendingCount++;
      return { down, up: false, answer: true };
    }
    peer.lastHeard = now;
    if (peer.up) {
      const state = peer.conn.check(entry);
      if (state === 'holds') return { down: null, up: false, answer: false };
      const down = this.reset(name, peer, entry);
      return state === 'lost' ? { down, up: false, answer: true, lost: true } : { down, up: false, answer: true };
    }
    peer.conn.theirs = entry?.[2] ?? 0;
    if (!peer.conn.confirmedBy(entry)) return { down: null, up: false, answer: entry !== null };
    this.bringUp(peer);
    return { down: null, up: true, answer: true };
  }

  /** A numbered packet from `name`: its sender's creation, the receiving incarnation it names, and its connection fields. */
  receive(name: string, creation: number, conn: number, echo: number, seq: number, now: number): Received {
    const peer = this.peers.get(name);
    if (peer === undefined || peer.creation !== creation) return { kind: 'drop' };
    if (!peer.up) {
      // The peer is up on this connection: it heard this node echo its id. The heartbeat saying so was lost.
      if (conn === 0 || conn !== peer.conn.theirs || echo !== peer.conn.out) return { kind: 'drop' };
      if (seq !== 1) return { kind: 'break', down: this.reset(name, peer, null), conn };
      this.bringUp(peer);
      peer.conn.received = 1;
      peer.lastHeard = now;
      return { kind: 'apply', up: true };
    }
    const arrival = peer.conn.arrive(conn, echo, seq);
    if (arrival === 'stale') return { kind: 'drop' };
    if (arrival === 'broken') {
      const theirs = peer.conn.theirs;
      return { kind: 'break', down: this.reset(name, peer, null), conn: theirs };
    }
    peer.lastHeard = now;
    return { kind: 'apply', up: false };
  }

  /**
   * Ends the connection to `name` (a packet to it was lost, or it said so): returns the incarnation
   * that was up and the peer's connection id to name in the goodbye, or null when it was not up.
   */
  break(name: string): { down: NodeIdentity; conn: number } | null {
    const peer = this.peers.get(name);
    if (peer === undefined || !peer.up) return null;
    const conn = peer.conn.theirs;
    const down = this.reset(name, peer, null);
    return down === null ? null : { down, conn };
  }

  /** The peer says it ended connection `conn` (this node's id for it; 0: it is leaving): the incarnation that went down, if any. */
  ended(name: string, creation: number, conn: number): NodeIdentity | null {
    const peer = this.peers.get(name);
    if (peer === undefined || peer.creation !== creation) return null;
    if (conn === 0) return this.drop(name);
    if (conn !== peer.conn.out) return null;
    return this.reset(name, peer, null);
  }

  /** The up connection to incarnation `creation` of `name`, or null. */
  connectionTo(name: string, creation?: number): Connection | null {
    const peer = this.peers.get(name);
    if (peer === undefined || !peer.up || (creation !== undefined && peer.creation !== creation)) return null;
    return peer.conn;
  }

  /** True when incarnation `creation` of `name` is up. */
  isUp(name: string, creation: number): boolean {
    return this.connectionTo(name, creation) !== null;
  }

  /** The up incarnation of `name`, if any. */
  creationOf(name: string): number | undefined {
    const peer = this.peers.get(name);
    return peer?.up === true ? peer.creation : undefined;
  }

  /** Forgets `name` (goodbye, or stopping); returns the incarnation that was up, if any. */
  drop(name: string): NodeIdentity | null {
    const peer = this.peers.get(name);
    return peer === undefined ? null : this.forget(name, peer);
  }

  /** Forgets the nodes unheard for more than `timeout` ms at time `now`; returns those that were up. */
  expire(now: number, timeout: number): NodeIdentity[] {
    const gone: NodeIdentity[] = [];
    for (const [name, peer] of this.peers) {
      if (now - peer.lastHeard <= timeout) continue;
      const down = this.forget(name, peer);
      if (down !== null) gone.push(down);
    }
    return gone;
  }

  /** The names of the nodes up now. */
  names(): string[] {
    const up: string[] = [];
    for (const [name, peer] of this.peers) if (peer.up) up.push(name);
    return up;
  }

  /** How many nodes are heard but not up. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Every node this one hears (up or pending): what its heartbeats carry. */
  heard(): Heard[] {
    const out: Heard[] = [];
    for (const [name, { creation, conn }] of this.peers) out.push([name, creation, conn.out, conn.theirs, conn.sent]);
    return out;
  }

  private connection(entry: Heard | null): Connection {
    const conn = new Connection(this.nextConn++);
    conn.theirs = entry?.[2] ?? 0;
    return conn;
  }

  private bringUp(peer: Peer): void {
    peer.up = true;
    this.pendingCount--;
  }

  /** Ends `peer`'s connection: it stays heard, pending on a new connection id. */
  private reset(name: string, peer: Peer, entry: Heard | null): NodeIdentity | null {
    const wasUp = peer.up;
    peer.conn = this.connection(entry);
    if (wasUp) {
      peer.up = false;
      this.pendingCount++;
    }
    return wasUp ? { name, creation: peer.creation } : null;
  }

  private forget(name: string, peer: Peer): NodeIdentity | null {
    this.peers.delete(name);
    if (!peer.up) this.pendingCount--;
    return peer.up ? { name, creation: peer.creation } : null;
  }
}
