// The distribution layer of one node: numbers what the runtime sends out, checks and applies what arrives, tracks liveness.
import { randomInt } from 'node:crypto';
import { CorralError } from '../kernel/corral-error.js';
import { formatReason, type ExitReason } from '../kernel/exit-reason.js';
import type { NodeIdentity } from '../kernel/node-identity.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import { NodeDownMessage, NodeUpMessage } from '../kernel/system-message.js';
import type { TimerHandle } from '../runtime/clock.js';
import type { Distribution, DistributionService, DistributionStats } from '../runtime/distribution.js';
import type { Runtime } from '../runtime/runtime.js';
import { applyPacket } from './apply-packet.js';
import { InboundQueue } from './inbound-queue.js';
import { Peers } from './peers.js';
import { Rejections } from './rejections.js';
import { RemoteWatches } from './remote-watches.js';
import { checkSenders } from './sender-check.js';
import { Services } from './services.js';
import type { Transport } from './transport.js';
import { decodeHeader, decodePacket, encodePacket, frame, isControl, type ConnectionPacket, type ControlPacket, type Heard, type Packet } from './wire.js';

/** How often heartbeats go out, and how long a silent node stays up. */
export interface Timing {
  /** Milliseconds between heartbeats. */
  heartbeatMs: number;
  /** A node unheard for longer than this is down (detected within `nodeTimeoutMs + heartbeatMs`). */
  nodeTimeoutMs: number;
}

/** Heartbeats answered directly per heartbeat interval to nodes that are new or behind (the others wait for the next broadcast). */
const ANSWERS_PER_TICK = 16;

/**
 * The {@link Distribution} of one runtime over a {@link Transport}. Liveness and connections are
 * decided here, not by the transport: a heartbeat is broadcast every `heartbeatMs`; a node is up once
 * both sides know each other's connection id (see {@link Peers}); every packet on a connection is
 * numbered, and a gap, a duplicate, a reordering or a loss the transport reports ends the connection
 * at once: every link and monitor across it fires `'noconnection'` on both sides, then the nodes
 * connect again. A node unheard for `nodeTimeoutMs`, one that says goodbye, or one heard with a new
 * creation is down likewise. Nothing that arrives can throw out of the receive path.
 */
export class Distributor implements Distribution {
  /** Connection ids start at a random point below 2^31 (2^31 reconnections before they would pass 2^32). */
  readonly peers = new Peers({ pending: 64 }, randomInt(1, 2 ** 31));
  readonly watches = new RemoteWatches();
  readonly ready: Promise<void>;
  private readonly services: Services;
  private readonly rejections: Rejections;
  private readonly inbound = new InboundQueue((from, bytes) => this.receive(from, bytes));
  private timer: TimerHandle | null = null;
  private running = false;
  private stopped = false;
  private answersLeft = ANSWERS_PER_TICK;
  private broken = 0;

  constructor(readonly runtime: Runtime, private readonly transport: Transport, private readonly timing: Timing) {
    this.services = new Services(runtime.logger, runtime.name);
    this.rejections = new Rejections(runtime.name, runtime.clock, runtime.logger);
    this.ready = this.start();
    this.ready.catch(() => {}); // reported through the logger; awaited by whoever wants to know
  }

  /** Joins the cluster: starts the transport, then the heartbeats. */
  private async start(): Promise<void> {
    const { runtime } = this;
    const events = {
      packet: (from: string, bytes: Uint8Array) => this.inbound.push(from, bytes),
      resumed: () => this.resumed(),
      dropped: (toNode: string | null, count: number, reason: string) => this.transportDropped(toNode, count, reason),
    };
    try {
      await this.transport.start(runtime, events);
    } catch (error) {
      runtime.logger.error(`node ${runtime.name}: the transport failed to start: ${formatReason(error)}`, { reason: error });
      throw error;
    }
    if (this.stopped) return;
    this.running = true;
    this.tick();
  }

  private tick(): void {
    const { clock } = this.runtime;
    this.answersLeft = ANSWERS_PER_TICK;
    this.transport.broadcast(this.heartbeatFrame());
    for (const gone of this.peers.expire(clock.now(), this.timing.nodeTimeoutMs)) this.nodeDown(gone, 0);
    this.watches.prune();
    this.timer = clock.setTimer(this.timing.heartbeatMs, () => this.tick());
  }

  // ---- outbound ------------------------------------------------------------------------------

  /** Encodes a packet's body; throws `unencodable` naming what could not be encoded. */
  private body(packet: Packet): Buffer {
    const encoded = encodePacket(packet, this.runtime.codec);
    if (!encoded.ok) throw new CorralError('unencodable', encoded.error);
    return encoded.bytes;
  }

  /** A control frame of this node. */
  private control(packet: ControlPacket): Buffer {
    return frame({ kind: 'control', creation: this.runtime.creation }, this.body(packet));
  }

  /** Sends `body` on the connection to node `name` (incarnation `creation` when given); false when it is not up. */
  private sendOn(name: string, creation: number | undefined, body: Buffer): boolean {
    const to = creation ?? this.peers.creationOf(name);
    const conn = this.running && to !== undefined ? this.peers.connectionTo(name, to) : null;
    if (conn === null || to === undefined) return false;
    const header = { kind: 'connection', creation: this.runtime.creation, to, conn: conn.out, echo: conn.theirs, seq: conn.next() } as const;
    this.transport.send(name, frame(header, body));
    return true;
  }

  /** Sends a packet to incarnation `home` when it is up; false when it is not. */
  private emit(home: NodeIdentity, packet: ConnectionPacket): boolean {
    if (!this.running || !this.peers.isUp(home.name, home.creation)) return false;
    return this.sendOn(home.name, home.creation, this.body(packet));
  }

  /** Emits a packet carrying an exit reason; a reason that cannot be encoded travels as its printed form. */
  private emitReason(home: NodeIdentity, packet: Extract<Packet, { reason: ExitReason }>): void {
    try {
      this.emit(home, packet);
    } catch {
      this.emit(home, { ...packet, reason: formatReason(packet.reason) });
    }
  }

  sendRemote(to: Pid, msg: unknown): void {
    this.sendOn(to.home.name, to.home.creation, this.body({ type: 'send', to, msg }));
  }

  sendNamed(name: string, node: string, msg: unknown): void {
    this.sendOn(node, undefined, this.body({ type: 'sendNamed', name, msg }));
  }

  linkRemote(from: Pid, to: Pid): boolean {
    if (!this.emit(to.home, { type: 'link', from, to })) return false;
    this.watches.involve(to.home.name, from);
    return true;
  }

  unlinkRemote(from: Pid, to: Pid): void {
    this.emit(to.home, { type: 'unlink', from, to });
  }

  exitRemote(from: Pid, to: Pid, reason: ExitReason, viaLink: boolean): void {
    this.emitReason(to.home, { type: 'exit', from, to, reason, viaLink });
  }

  monitorRemote(from: Pid, to: Pid, ref: Ref): boolean {
    if (!this.emit(to.home, { type: 'monitor', from, to, ref })) return false;
    this.watches.involve(to.home.name, from);
    return true;
  }

  demonitorRemote(from: Pid, to: Pid, ref: Ref): void {
    this.emit(to.home, { type: 'demonitor', from, to, ref });
  }

  monitorName(from: Pid, name: string, node: string, ref: Ref): boolean {
    const creation = this.peers.creationOf(node);
    if (creation === undefined || !this.emit({ name: node, creation }, { type: 'monitorName', from, name, ref })) return false;
    this.watches.involve(node, from);
    return true;
  }

  demonitorName(from: Pid, name: string, node: string, ref: Ref): void {
    const creation = this.peers.creationOf(node);
    if (creation !== undefined) this.emit({ name: node, creation }, { type: 'demonitorName', from, name, ref });
  }

  downRemote(watcher: Pid, ref: Ref, pid: Pid, reason: ExitReason): void {
    this.emitReason(watcher.home, { type: 'down', to: watcher, ref, from: pid, reason });
  }

  /** Answers a packet from `home` (a `noproc` to a link or monitor request). */
  reply(home: NodeIdentity, packet: ConnectionPacket): void {
    if (packet.type === 'exit' || packet.type === 'down' || packet.type === 'downName') this.emitReason(home, packet);
    else this.emit(home, packet);
  }

  monitorNode(pid: Pid, node: string, on: boolean): boolean {
    this.watches.subscribe(node, pid, on);
    return this.peers.creationOf(node) !== undefined;
  }

  registerService(name: string, service: DistributionService): () => void {
    return this.services.register(name, service);
  }

  sendService(name: string, nodes: readonly string[], data: unknown): void {
    if (!this.running || nodes.length === 0) return;
    const body = this.body({ type: 'service', name, data });
    for (const node of nodes) this.sendOn(node, undefined, body);
  }

  broadcastService(name: string, data: unknown): void {
    this.sendService(name, this.peers.names(), data);
  }

  /** A service packet arrived from `fromNode`. */
  service(fromNode: string, name: string, data: unknown): void {
    this.services.packet(fromNode, name, data);
  }

  connectedNodes(): string[] {
    return this.peers.names();
  }

  get idle(): boolean {
    return this.inbound.empty;
  }

  stats(): DistributionStats {
    const stats: DistributionStats = { nodes: this.peers.names().length, pending: this.peers.pending, rejected: { ...this.rejections.counts }, broken: this.broken };
    const transport = this.transport.stats?.();
    if (transport !== undefined) stats.transport = transport;
    return stats;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) this.runtime.clock.clearTimer(this.timer);
    if (this.running) this.transport.broadcast(this.control({ type: 'nodeDown', conn: 0 }));
    this.running = false;
    this.inbound.clear();
    for (const name of this.peers.names()) this.peers.drop(name);
    this.transport.stop().catch((error: unknown) => this.runtime.logger.error(`node ${this.runtime.name}: the transport failed to stop: ${formatReason(error)}`, { reason: error }));
  }

  // ---- inbound -------------------------------------------------------------------------------

  /** One packet from `fromNode`: never throws (a bug in a handler is logged, not thrown into the transport). */
  private receive(fromNode: string, bytes: Uint8Array): void {
    if (!this.running) return;
    if (fromNode === this.runtime.name) return this.rejections.reject('forged', fromNode, 'it claims to come from this node');
    try {
      this.handle(fromNode, bytes);
    } catch (error) {
      this.runtime.logger.error(`node ${this.runtime.name}: failed on a packet from ${fromNode.slice(0, 80)}: ${formatReason(error)}`, { reason: error });
    }
  }

  private handle(fromNode: string, bytes: Uint8Array): void {
    const decoded = decodeHeader(bytes);
    if (!decoded.ok) return this.rejections.reject('malformed', fromNode, decoded.error);
    const { header, bodyAt } = decoded;
    if (header.kind === 'control') {
      const packet = decodePacket(bytes, bodyAt, this.runtime.codec);
      if (!packet.ok || !isControl(packet.packet)) return this.rejections.reject('malformed', fromNode, packet.ok ? `${packet.packet.type} outside a connection` : packet.error);
      return this.controlPacket(fromNode, header.creation, packet.packet);
    }
    if (header.to !== this.runtime.creation) return this.rejections.reject('unknown', fromNode, `for incarnation ${header.to}`);
    const received = this.peers.receive(fromNode, header.creation, header.conn, header.echo, header.seq, this.runtime.clock.now());
    if (received.kind === 'drop') return this.rejections.reject('unknown', fromNode, 'not on a connection that is up');
    if (received.kind === 'break') {
      // Counted; logged as the end of the connection when it was up here, as a refusal otherwise.
      if (received.down !== null) this.rejections.count('unknown');
      else this.rejections.reject('unknown', fromNode, `packet ${header.seq} out of order on a connection that is not up here`);
      return this.connectionBroken(fromNode, received.down, received.conn, `packet ${header.seq} out of order`);
    }
    if (received.up) this.nodeUp(fromNode);
    const packet = decodePacket(bytes, bodyAt, this.runtime.codec);
    if (!packet.ok || isControl(packet.packet)) {
      this.rejections.reject('malformed', fromNode, packet.ok ? `${packet.packet.type} on a connection` : packet.error);
      const ended = this.peers.break(fromNode);
      return ended === null ? undefined : this.connectionBroken(fromNode, ended.down, ended.conn, 'a malformed packet');
    }
    const home = this.runtime.codec.identity(fromNode, header.creation);
    const forged = checkSenders(packet.packet, home, this.runtime);
    if (forged !== null) return this.rejections.reject('forged', fromNode, `${packet.packet.type} names ${forged}`);
    applyPacket(this, home, packet.packet);
  }

  private controlPacket(fromNode: string, creation: number, packet: ControlPacket): void {
    if (packet.type === 'heartbeat') return this.heartbeat(fromNode, creation, packet.hears);
    const gone = this.peers.ended(fromNode, creation, packet.conn);
    if (gone !== null) this.nodeDown(gone, -1);
  }

  /** The transport is back after losing packets: a heartbeat at once tells the nodes that timed this one out. */
  private resumed(): void {
    if (this.running) this.transport.broadcast(this.heartbeatFrame());
  }

  /** The transport dropped packets to `toNode`: that connection has lost them, so it ends now. */
  private transportDropped(toNode: string | null, count: number, reason: string): void {
    if (toNode === null || !this.running) return;
    const ended = this.peers.break(toNode);
    if (ended !== null) this.connectionBroken(toNode, ended.down, ended.conn, `the transport dropped ${count} packet(s) to it (${reason})`);
  }

  /** This node's heartbeat: the nodes it hears, with the state of each connection. */
  private heartbeatFrame(): Buffer {
    return this.control({ type: 'heartbeat', hears: this.peers.heard() });
  }

  private heartbeat(name: string, creation: number, hears: Heard[]): void {
    const { name: self, creation: mine } = this.runtime;
    const entry = hears.find(([n, c]) => n === self && c === mine) ?? null;
    const outcome = this.peers.heartbeat(name, creation, this.runtime.clock.now(), entry);
    if (outcome === null) return this.rejections.reject('full', name, 'too many nodes heard and not up');
    if (outcome.lost === true && outcome.down !== null) this.countBroken(name, 'packets it sent never arrived');
    if (outcome.down !== null) this.nodeDown(outcome.down, -1);
    // Before anything else this node sends it, so the answer brings this node up there first.
    if (outcome.answer && (outcome.up || outcome.down !== null || this.answersLeft-- > 0)) this.transport.send(name, this.heartbeatFrame());
    if (outcome.up) this.nodeUp(name);
  }

  private nodeUp(name: string): void {
    for (const pid of this.watches.subscribersOf(name)) this.runtime.remote.deliver(pid, new NodeUpMessage(name));
    this.services.nodeUp(name);
  }

  /** A connection ended on this side: tell the peer which of its connections ended, then take it down here. */
  private connectionBroken(name: string, down: NodeIdentity | null, conn: number, why: string): void {
    this.transport.send(name, this.control({ type: 'nodeDown', conn }));
    if (down === null) return;
    this.countBroken(name, why);
    this.nodeDown(down, -1);
  }

  private countBroken(name: string, why: string): void {
    this.broken++;
    this.runtime.logger.warn(`node ${this.runtime.name}: the connection to ${name} ended: ${why}`, { node: name });
  }

  /**
   * Node `gone` is down: links and monitors with it fire `'noconnection'`, its watchers get NODE_DOWN.
   * `tell` >= 0: the node is told so (0: it timed out here, and learns it even if it still hears this node).
   */
  private nodeDown(gone: NodeIdentity, tell: number): void {
    const { runtime } = this;
    if (tell >= 0) this.transport.send(gone.name, this.control({ type: 'nodeDown', conn: tell }));
    runtime.remote.nodeDown(runtime.codec.identity(gone.name, gone.creation), this.watches.takeInvolved(gone.name));
    for (const pid of this.watches.subscribersOf(gone.name)) runtime.remote.deliver(pid, new NodeDownMessage(gone.name, 'noconnection'));
    this.services.nodeDown(gone.name);
  }
}
