// The cluster-wide registry of names (Erlang's global): claims broadcast to every node, clashes settled by one rule, names freed on exit or nodedown.
import { CorralError } from '../kernel/corral-error.js';
import { Pid } from '../kernel/pid.js';
import type { DistributionService } from './distribution.js';
import { GlobalNames, type ClaimOutcome } from './global-names.js';
import type { Runtime } from './runtime.js';

/** The exit reason of a process that lost a global name clash (see {@link winsClash}). */
export const GLOBAL_NAME_CONFLICT = 'global_name_conflict';

/** The name of the distribution service of the global registry. */
export const GLOBAL_SERVICE = 'global';

/** One packet between the global registries of two nodes; a node only speaks for its own processes. */
export type GlobalPacket =
  | { type: 'claim'; name: string; pid: Pid }
  | { type: 'release'; name: string; pid: Pid }
  | { type: 'sync'; names: Array<[string, Pid]>; reply: boolean };

/** `data` from `fromNode` as a {@link GlobalPacket}, or null (a claim or sync may only name pids of its sender). */
export function parseGlobalPacket(data: unknown, fromNode: string): GlobalPacket | null {
  if (typeof data !== 'object' || data === null) return null;
  const p = data as Record<string, unknown>;
  const own = (pid: unknown) => pid instanceof Pid && pid.node === fromNode;
  switch (p['type']) {
    case 'claim':
      return typeof p['name'] === 'string' && own(p['pid']) ? (p as GlobalPacket) : null;
    case 'release':
      return typeof p['name'] === 'string' && p['pid'] instanceof Pid ? (p as GlobalPacket) : null;
    case 'sync': {
      const names = p['names'];
      const ok = Array.isArray(names) && typeof p['reply'] === 'boolean'
        && names.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && own(e[1]));
      return ok ? (p as GlobalPacket) : null;
    }
    default:
      return null;
  }
}

/**
 * The global registry of one node. Every node keeps the whole table. A registration is checked
 * against this node's table, then broadcast as a claim; a node that learns of two owners for one name
 * (a race, or a partition that healed) keeps the pid that {@link winsClash}, and the node of the loser
 * ends it with the exit reason {@link GLOBAL_NAME_CONFLICT} (Erlang's global kills one too). Names are
 * freed when their owner exits or its node goes down; on node up, both sides send a full sync of the
 * names their own processes hold. Without distribution it is a registry of this node alone.
 */
export class GlobalRegistry implements DistributionService {
  private readonly table = new GlobalNames();
  private readonly unwatch = new Map<Pid, () => void>();

  constructor(private readonly runtime: Runtime) {
    const dist = runtime.distribution;
    if (dist === null) return;
    dist.registerService(GLOBAL_SERVICE, this);
    dist.broadcastService(GLOBAL_SERVICE, this.sync(true));
  }

  /** Registers `name` for the live local process `pid`: false when the name is taken (in this node's view). */
  register(name: string, pid: Pid): boolean {
    if (typeof name !== 'string' || name.length === 0) throw new CorralError('badName', `registerGlobal: ${String(name)}`);
    if (!(pid instanceof Pid) || pid.home !== this.runtime) throw new CorralError('noproc', `registerGlobal: ${String(pid)} is not a process of ${this.runtime.name}`);
    if (this.table.whereis(name) !== undefined) return false;
    if (!this.watch(pid)) throw new CorralError('noproc', `registerGlobal: ${pid.toString()} is not alive`);
    this.table.claim(name, pid);
    this.broadcast({ type: 'claim', name, pid });
    return true;
  }

  /** Frees `name` wherever its owner lives; false when nobody owns it. */
  unregister(name: string): boolean {
    const pid = this.table.whereis(name);
    if (pid === undefined) return false;
    this.release(name, pid);
    this.broadcast({ type: 'release', name, pid });
    return true;
  }

  /** The owner of `name` in this node's view, if any. */
  whereis(name: string): Pid | undefined {
    return this.table.whereis(name);
  }

  /** Every global name, sorted. */
  names(): string[] {
    return this.table.names();
  }

  packet(fromNode: string, data: unknown): void {
    const packet = parseGlobalPacket(data, fromNode);
    if (packet === null) {
      this.runtime.logger.warn(`global: dropped a malformed packet from ${fromNode}`, { node: fromNode, message: data });
      return;
    }
    switch (packet.type) {
      case 'claim':
        return this.settle(packet.name, packet.pid, this.table.claim(packet.name, packet.pid));
      case 'release':
        return void this.release(packet.name, packet.pid);
      case 'sync':
        return this.synced(fromNode, packet.names, packet.reply);
      default: {
        const never: never = packet;
        throw new Error(`unknown global packet ${String(never)}`);
      }
    }
  }

  nodeUp(node: string): void {
    this.runtime.distribution?.sendService(GLOBAL_SERVICE, [node], this.sync(true));
  }

  nodeDown(node: string): void {
    this.table.dropNode(node);
  }

  /** A node's whole list of names: the ones it no longer holds go, the others are claims. */
  private synced(node: string, names: Array<[string, Pid]>, reply: boolean): void {
    const held = new Map(names);
    for (const [name, pid] of this.table.ownedBy(node)) if (held.get(name) !== pid) this.table.remove(name, pid);
    for (const [name, pid] of names) this.settle(name, pid, this.table.claim(name, pid));
    if (reply) this.runtime.distribution?.sendService(GLOBAL_SERVICE, [node], this.sync(false));
  }

  /** After a claim: a local loser of a clash is ended (its node is the one that ends it). */
  private settle(name: string, claimant: Pid, outcome: ClaimOutcome): void {
    if (outcome.type !== 'kept' && outcome.type !== 'replaced') return;
    const { loser } = outcome;
    if (loser.home !== this.runtime) return;
    this.runtime.logger.warn(`global: ${loser.toString()} lost the name ${name} to ${claimant.toString()}`, { name, pid: loser });
    this.runtime.exitSignal(this.runtime.rootPid, loser, GLOBAL_NAME_CONFLICT);
  }

  private release(name: string, pid: Pid): void {
    if (this.table.remove(name, pid) && pid.home === this.runtime && this.table.namesOf(pid).length === 0) {
      this.unwatch.get(pid)?.();
      this.unwatch.delete(pid);
    }
  }

  private watch(pid: Pid): boolean {
    if (this.unwatch.has(pid)) return true;
    const off = this.runtime.watchExit(pid, () => this.exited(pid));
    if (off === null) return false;
    this.unwatch.set(pid, off);
    return true;
  }

  /** A local owner exited: its names are freed everywhere. */
  private exited(pid: Pid): void {
    this.unwatch.delete(pid);
    for (const name of this.table.namesOf(pid)) {
      this.table.remove(name, pid);
      this.broadcast({ type: 'release', name, pid });
    }
  }

  private broadcast(packet: GlobalPacket): void {
    this.runtime.distribution?.broadcastService(GLOBAL_SERVICE, packet);
  }

  private sync(reply: boolean): GlobalPacket {
    return { type: 'sync', names: this.table.ownedBy(this.runtime.name), reply };
  }
}
