// The cluster side of a pg scope: the distribution service that replicates local membership to the same scope on other nodes.
import type { Pid } from '../kernel/pid.js';
import type { Distribution, DistributionService } from '../runtime/distribution.js';
import type { Logger } from '../runtime/logger.js';
import type { MembershipDiff } from './membership.js';
import { parsePgPacket, pgService, type PgPacket } from './pg-packet.js';

/** What the cluster side needs from its scope: its local membership, and ways to apply what arrives. */
export interface PgClusterHost {
  /** The local membership as join diffs, one per group. */
  localJoins(): MembershipDiff[];
  /** Node `node`'s whole local membership arrived: its remote members become exactly these. */
  syncNode(node: string, groups: ReadonlyMap<string, readonly Pid[]>): void;
  /** Node `node`'s members changed. */
  remoteDiff(diff: MembershipDiff): void;
  /** Node `node` went down: its members leave every group. */
  dropNode(node: string): void;
  /** Sends `msg` to the local members of `group` but `except`. */
  publishLocal(group: string, msg: unknown, except: Pid | null): void;
}

/**
 * Erlang's pg protocol over the distribution service `pg:<scope>`: on scope start and on each node up
 * a full sync of the local membership (answered by the other side's), then each local join and leave
 * broadcast as a diff; a node going down drops its members wholesale. Publishing sends one packet per
 * node that has members, and that node delivers to its own members.
 */
export class PgCluster implements DistributionService {
  private readonly service: string;
  private readonly unregister: () => void;

  constructor(private readonly dist: Distribution, scope: string, private readonly host: PgClusterHost, private readonly logger: Logger) {
    this.service = pgService(scope);
    this.unregister = dist.registerService(this.service, this);
    dist.broadcastService(this.service, this.sync(true));
  }

  /** Tells the other nodes of a change to the local membership. */
  broadcast(diff: MembershipDiff): void {
    const packet: PgPacket = { type: diff.type, group: diff.group, pids: [...diff.pids] };
    this.dist.broadcastService(this.service, packet);
  }

  /** Sends `msg` once to each of `nodes`, for their members of `group` (throws `unencodable`). */
  publish(nodes: readonly string[], group: string, msg: unknown, except: Pid | null): void {
    const packet: PgPacket = { type: 'publish', group, msg, except };
    this.dist.sendService(this.service, nodes, packet);
  }

  /** The scope stopped: the other nodes drop its members (an empty sync), and packets stop arriving. */
  close(): void {
    this.dist.broadcastService(this.service, { type: 'sync', groups: [], reply: false } satisfies PgPacket);
    this.unregister();
  }

  packet(fromNode: string, data: unknown): void {
    const packet = parsePgPacket(data, fromNode);
    if (packet === null) {
      this.logger.warn(`${this.service}: dropped a malformed packet from ${fromNode}`, { node: fromNode, message: data });
      return;
    }
    switch (packet.type) {
      case 'sync':
        this.host.syncNode(fromNode, new Map(packet.groups));
        if (packet.reply) this.dist.sendService(this.service, [fromNode], this.sync(false));
        return;
      case 'join':
      case 'leave':
        return this.host.remoteDiff({ type: packet.type, group: packet.group, pids: packet.pids });
      case 'publish':
        return this.host.publishLocal(packet.group, packet.msg, packet.except);
      default: {
        const never: never = packet;
        throw new Error(`unknown pg packet ${String(never)}`);
      }
    }
  }

  nodeUp(node: string): void {
    this.dist.sendService(this.service, [node], this.sync(true));
  }

  nodeDown(node: string): void {
    this.host.dropNode(node);
  }

  private sync(reply: boolean): PgPacket {
    return { type: 'sync', groups: this.host.localJoins().map((d) => [d.group, [...d.pids]]), reply };
  }
}
