// The distribution layer of one node: encodes what the runtime sends out, applies what arrives, tracks liveness.
import { CorralError } from '../kernel/corral-error.js';
import { formatReason, type ExitReason } from '../kernel/exit-reason.js';
import type { NodeIdentity } from '../kernel/node-identity.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import { NodeDownMessage, NodeUpMessage } from '../kernel/system-message.js';
import type { TimerHandle } from '../runtime/clock.js';
import type { Distribution, DistributionService } from '../runtime/distribution.js';
import type { Runtime } from '../runtime/runtime.js';
import { applyPacket } from './apply-packet.js';
import { Peers } from './peers.js';
import { RemoteWatches } from './remote-watches.js';
import { Services } from './services.js';
import type { Transport } from './transport.js';
import { decodeFrame, encodeFrame, type Packet } from './wire.js';

/** How often heartbeats go out, and how long a silent node stays up. */
export interface Timing {
  /** Milliseconds between heartbeats. */
  heartbeatMs: number;
  /** A node unheard for longer than this is down (detected within `nodeTimeoutMs + heartbeatMs`). */
  nodeTimeoutMs: number;
}

/**
 * The {@link Distribution} of one runtime over a {@link Transport}. Liveness is decided here, not by
 * the transport: a heartbeat is broadcast every `heartbeatMs` (and answered directly when a node first
 * appears); a node unheard for `nodeTimeoutMs`, one that says goodbye, or one heard with a new creation
 * is down, and every link and monitor with it fires with `'noconnection'`.
 */
export class Distributor implements Distribution {
  readonly peers = new Peers();
  readonly watches = new RemoteWatches();
  private readonly services: Services;
  private timer: TimerHandle | null = null;
  private running = false;
  private stopped = false;

  constructor(readonly runtime: Runtime, private readonly transport: Transport, private readonly timing: Timing) {
    this.services = new Services(runtime.logger, runtime.name);
  }

  /** Joins the cluster: starts the transport, then the heartbeats. */
  start(): void {
    const { runtime } = this;
    this.transport.start(runtime, { packet: (from, bytes) => this.receive(from, bytes), resumed: () => this.resumed() }).then(
      () => {
        if (this.stopped) return;
        this.running = true;
        this.tick();
      },
      (error: unknown) => runtime.logger.error(`node ${runtime.name}: the transport failed to start: ${formatReason(error)}`, { reason: error }),
    );
  }

  private tick(): void {
    const { clock } = this.runtime;
    this.transport.broadcast(this.heartbeatPacket());
    for (const gone of this.peers.expire(clock.now(), this.timing.nodeTimeoutMs)) this.nodeDown(gone, true);
    this.watches.prune();
    this.timer = clock.setTimer(this.timing.heartbeatMs, () => this.tick());
  }

  // ---- outbound ------------------------------------------------------------------------------

  /** Encodes a packet of this node; throws `unencodable` naming what could not be encoded. */
  encode(packet: Packet): Uint8Array {
    const encoded = encodeFrame({ creation: this.runtime.creation, packet }, this.runtime.codec);
    if (!encoded.ok) throw new CorralError('unencodable', encoded.error);
    return encoded.bytes;
  }

  /** Sends a packet to node `home` when that incarnation is up; false when it is not. */
  private emit(home: NodeIdentity, packet: Packet): boolean {
    if (!this.running || !this.peers.isUp(home.name, home.creation)) return false;
    this.transport.send(home.name, this.encode(packet));
    return true;
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
    const bytes = this.encode({ type: 'send', to, msg });
    if (this.running && this.peers.isUp(to.home.name, to.home.creation)) this.transport.send(to.home.name, bytes);
  }

  sendNamed(name: string, node: string, msg: unknown): void {
    const bytes = this.encode({ type: 'sendNamed', name, msg });
    if (this.running && this.peers.creationOf(node) !== undefined) this.transport.send(node, bytes);
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

  downRemote(watcher: Pid, ref: Ref, pid: Pid, reason: ExitReason): void {
    this.emitReason(watcher.home, { type: 'down', to: watcher, ref, from: pid, reason });
  }

  /** Answers a packet from `home` (a `noproc` to a link or monitor request). */
  reply(home: NodeIdentity, packet: Packet): void {
    if (packet.type === 'exit' || packet.type === 'down') this.emitReason(home, packet);
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
    const bytes = this.encode({ type: 'service', name, data });
    for (const node of nodes) if (this.peers.creationOf(node) !== undefined) this.transport.send(node, bytes);
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

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) this.runtime.clock.clearTimer(this.timer);
    if (this.running) this.transport.broadcast(this.encode({ type: 'nodeDown' }));
    this.running = false;
    for (const name of this.peers.names()) this.peers.drop(name);
    this.transport.stop().catch((error: unknown) => this.runtime.logger.error(`node ${this.runtime.name}: the transport failed to stop: ${formatReason(error)}`, { reason: error }));
  }

  // ---- inbound -------------------------------------------------------------------------------

  private receive(fromNode: string, bytes: Uint8Array): void {
    if (!this.running || fromNode === this.runtime.name) return;
    const decoded = decodeFrame(bytes, this.runtime.codec);
    if (!decoded.ok) {
      this.runtime.logger.warn(`node ${this.runtime.name}: dropped a packet from ${fromNode} that cannot be decoded: ${decoded.error}`, { node: fromNode });
      return;
    }
    const { creation, packet } = decoded.frame;
    const now = this.runtime.clock.now();
    if (packet.type === 'heartbeat') return this.heartbeat(fromNode, creation, packet.hears, now);
    if (!this.peers.touch(fromNode, creation, now)) return;
    if (packet.type === 'nodeDown') {
      const gone = this.peers.drop(fromNode);
      if (gone !== null) this.nodeDown(gone, false);
      return;
    }
    applyPacket(this, this.runtime.codec.identity(fromNode, creation), packet);
  }

  /**
   * The transport is back after losing packets: a heartbeat tells the nodes that timed this one out,
   * and every service resynchronizes with each node still up (what was lost is replaced wholesale).
   */
  private resumed(): void {
    if (!this.running) return;
    this.transport.broadcast(this.heartbeatPacket());
    for (const name of this.peers.names()) this.services.nodeUp(name);
  }

  /** This node's heartbeat: the nodes it hears, so that each side knows whether the link works both ways. */
  private heartbeatPacket(): Uint8Array {
    return this.encode({ type: 'heartbeat', hears: this.peers.heard() });
  }

  private heartbeat(name: string, creation: number, hears: Array<[string, number]>, now: number): void {
    const { name: self, creation: mine } = this.runtime;
    const outcome = this.peers.heartbeat(name, creation, now, hears.some(([n, c]) => n === self && c === mine));
    if (outcome.down !== null) this.nodeDown(outcome.down, false);
    // Before anything else this node sends it, so the answer brings this node up there first.
    if (outcome.answer) this.transport.send(name, this.heartbeatPacket());
    if (!outcome.up) return;
    for (const pid of this.watches.subscribersOf(name)) this.runtime.remote.deliver(pid, new NodeUpMessage(name));
    this.services.nodeUp(name);
  }

  /** Node `gone` is down: links and monitors with it fire `'noconnection'`, its watchers get NODE_DOWN. */
  private nodeDown(gone: NodeIdentity, tellIt: boolean): void {
    const { runtime } = this;
    if (tellIt) {
      const bytes = encodeFrame({ creation: runtime.creation, packet: { type: 'nodeDown' } }, runtime.codec);
      if (bytes.ok) this.transport.send(gone.name, bytes.bytes);
    }
    runtime.remote.nodeDown(runtime.codec.identity(gone.name, gone.creation), this.watches.takeInvolved(gone.name));
    for (const pid of this.watches.subscribersOf(gone.name)) runtime.remote.deliver(pid, new NodeDownMessage(gone.name, 'noconnection'));
    this.services.nodeDown(gone.name);
  }
}
