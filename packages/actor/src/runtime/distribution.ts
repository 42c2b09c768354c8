// The hook through which the runtime reaches other nodes; the distribution layer (src/distribution) implements it, the node wires it.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';

/**
 * A named service of the distribution layer: a part of a node (a pg scope, the global registry) that
 * talks to the same service on the other nodes. The distribution layer calls it; it never imports it.
 */
export interface DistributionService {
  /** Plain data (encoded with the node's codec, so pids and refs cross) sent by the same service on `fromNode`. */
  packet(fromNode: string, data: unknown): void;
  /**
   * Node `node` came up (a new node, a new incarnation, or a partition that healed), or this node's
   * transport resumed after losing packets: either way, send it the whole state it needs (a full sync).
   */
  nodeUp(node: string): void;
  /** Node `node` went down (stopped, crashed, timed out, or replaced by a new incarnation). */
  nodeDown(node: string): void;
}

/** What a transport can tell of itself, for `node.stats()`. */
export interface TransportStats {
  /** Bytes accepted but not yet written to the network, per destination node name (`'*'` for broadcasts). */
  outboxBytes: Record<string, number>;
  /** Packets the transport dropped on the way out (network unreachable, or an outbox over its limit). */
  dropped: number;
  /** Messages refused on arrival, by reason (for Redis: `mac`, `replay`, `oversize`, `malformed`). */
  rejected: Record<string, number>;
}

/** The distribution counters of a node, in `node.stats().distribution`. */
export interface DistributionStats {
  /** Nodes connected now. */
  nodes: number;
  /** Nodes heard but not connected (yet). */
  pending: number;
  /**
   * Packets refused on arrival, by reason: `malformed` (not a frame or not a packet), `forged` (a
   * sender not of its node, a target not of this one, or a packet in this node's own name), `unknown`
   * (out of order on its connection, which then ends; or from a node or connection that is
   * not up), `full` (too many nodes heard and not up).
   */
  rejected: Record<string, number>;
  /** Connections ended because a packet was lost, duplicated or out of order (each fired `'noconnection'`). */
  broken: number;
  /** The transport's own counters, when it keeps any. */
  transport?: TransportStats;
}

/**
 * What the runtime asks of the distribution layer. The runtime never imports that layer: a node
 * created with a transport attaches an implementation; without one, messages and signals to other
 * nodes are dropped, as before. Every method is called only for pids whose home is another node.
 */
export interface Distribution {
  /** Sends `msg` to a process of another node; throws `CorralError('unencodable')` when it cannot be encoded. */
  sendRemote(to: Pid, msg: unknown): void;
  /** Sends `msg` to the process registered as `name` on node `node` (dropped when there is none). */
  sendNamed(name: string, node: string, msg: unknown): void;
  /** Asks the home of `to` to link it to `from`; false when that node is not connected. */
  linkRemote(from: Pid, to: Pid): boolean;
  /** Removes the link between `from` and the remote `to`. */
  unlinkRemote(from: Pid, to: Pid): void;
  /** An exit signal to a remote process; `viaLink` when `from` exited while linked to it. */
  exitRemote(from: Pid, to: Pid, reason: ExitReason, viaLink: boolean): void;
  /** Asks the home of `to` to monitor it for `from` under `ref`; false when that node is not connected. */
  monitorRemote(from: Pid, to: Pid, ref: Ref): boolean;
  /** Removes the monitor `ref` that `from` holds on the remote `to`. */
  demonitorRemote(from: Pid, to: Pid, ref: Ref): void;
  /**
   * Asks node `node` to monitor whatever it has registered as `name` for `from` under `ref`; false
   * when that node is not connected. The DOWN comes back as a `down` of the pid it found, or as a
   * `downName` (`'noproc'`) when the name is free there.
   */
  monitorName(from: Pid, name: string, node: string, ref: Ref): boolean;
  /** Removes the monitor `ref` that `from` holds on `name` at node `node`. */
  demonitorName(from: Pid, name: string, node: string, ref: Ref): void;
  /** A local process that a remote `watcher` monitored under `ref` exited. */
  downRemote(watcher: Pid, ref: Ref, pid: Pid, reason: ExitReason): void;
  /** Subscribes `pid` to the up and down events of node `node` (or unsubscribes); returns whether it is up now. */
  monitorNode(pid: Pid, node: string, on: boolean): boolean;
  /** The names of the nodes connected now. */
  connectedNodes(): string[];
  /**
   * Registers service `name` (one per name: `alreadyStarted` otherwise); returns the function that
   * unregisters it. Packets for a service that is not registered on the receiving node are dropped.
   */
  registerService(name: string, service: DistributionService): () => void;
  /**
   * Sends `data` to service `name` on each of `nodes` that is up: one packet per node, encoded once.
   * Throws `CorralError('unencodable')` when `data` cannot be encoded.
   */
  sendService(name: string, nodes: readonly string[], data: unknown): void;
  /** Sends `data` to service `name` on every node that is up. */
  broadcastService(name: string, data: unknown): void;
  /** Leaves the cluster: tells the others, stops the heartbeats and the transport. */
  stop(): void;
  /** Resolves once the transport has started; rejects with its error when it cannot start. */
  readonly ready: Promise<void>;
  /** True when no packet that arrived waits to be handled. */
  readonly idle: boolean;
  /** Its counters. */
  stats(): DistributionStats;
}
