// A pg scope: process groups (join, leave, members), their monitors, and publish to every member.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';
import type { Runtime } from '../runtime/runtime.js';
import { ExitWatches } from './exit-watches.js';
import * as membership from './membership.js';
import { dropNode, localJoins, syncNode } from './membership-sync.js';
import type { Membership, MembershipDiff } from './membership.js';
import { checkAlive, checkGroup, checkLocal, pidList } from './pg-arguments.js';
import { PgCluster } from './pg-cluster.js';
import { PgEvent } from './pg-event.js';
import { publishLocal, remoteTargets } from './pg-publish.js';
import { Subscriptions } from './subscriptions.js';

/** Options of {@link Pg.publish}. */
export interface PublishOptions {
  /** A process that does not get the message even when it is a member (typically the sender). */
  except?: Pid;
  /** Only the members on this node get it (no packet to other nodes): for what every node's own process tells its own members. */
  local?: boolean;
}

/** What {@link Pg.monitor} returns: the subscription's ref, and the group's members at that moment. */
export interface PgMonitor {
  /** The subscription's ref: every {@link PgEvent} it sends carries it; pass it to `demonitor`. */
  ref: Ref;
  /** The group's members when the subscription started, a pid once per join. */
  members: Pid[];
}

/** What {@link Pg.monitorScope} returns: the subscription's ref, and every group's members at that moment. */
export interface PgScopeMonitor {
  /** The subscription's ref: every {@link PgEvent} it sends carries it; pass it to `demonitor`. */
  ref: Ref;
  /** Every group of the scope with its members when the subscription started. */
  groups: Map<string, Pid[]>;
}

/**
 * One scope of process groups (Erlang's `pg`): named groups of processes, independent of every
 * other scope. Every operation is a synchronous call on this object (Erlang reads pg's ETS table
 * the same way), so `members` right after `join` sees the join. A process may join a group several
 * times and must leave it as often; it leaves every group when it exits. Groups exist while they
 * have members. Made by {@link startPg}; it stops working (reads are empty, changes throw `noproc`)
 * once its scope process has exited.
 */
export class Pg {
  /** The scope's name, also the registered name of its process. */
  readonly scope: string;
  /** The scope process (kind `'pg_scope'`): stopping it drops the whole membership. */
  readonly pid: Pid;
  private readonly runtime: Runtime;
  private readonly watches: ExitWatches;
  private readonly subscriptions = new Subscriptions();
  private groups: Membership = membership.createMembership();
  private running = true;
  /** The replication to the same scope on other nodes; null on a node without distribution. */
  private readonly cluster: PgCluster | null;

  /** @internal Use {@link startPg}. */
  constructor(runtime: Runtime, scope: string, pid: Pid) {
    this.runtime = runtime;
    this.scope = scope;
    this.pid = pid;
    this.watches = new ExitWatches(runtime, (member) => this.exited(member));
    const dist = runtime.distribution;
    this.cluster = dist === null ? null : new PgCluster(dist, scope, {
      localJoins: () => localJoins(this.groups),
      syncNode: (node, groups) => this.notifyAll(syncNode(this.groups, node, groups)),
      remoteDiff: (diff) => this.remoteDiff(diff),
      dropNode: (node) => this.notifyAll(dropNode(this.groups, node)),
      publishLocal: (group, msg, except) => void publishLocal(runtime, this.groups, group, msg, except ?? undefined),
    }, runtime.logger);
  }

  /** True until the scope process exits. */
  get alive(): boolean {
    return this.running;
  }

  /**
   * Makes each pid join `group` (a pid listed twice joins twice). Every pid must be a live process of
   * this node (`noproc` otherwise, and then none joins); `badGroup`, `badPid` for bad arguments.
   */
  join(group: string, pids: Pid | readonly Pid[]): void {
    this.checkRunning('join');
    checkGroup(group, 'join');
    const list = pidList(pids, 'join');
    checkAlive(this.runtime, list, 'join');
    for (const pid of list) this.watches.watch(pid);
    const diff = membership.join(this.groups, group, list);
    if (diff !== null) this.changed(diff);
  }

  /**
   * Makes each pid leave `group` once. True when at least one did; false when none was a member
   * (Erlang's `not_joined`), which is also the answer for a process that has exited. Pids of other
   * nodes throw `noproc`.
   */
  leave(group: string, pids: Pid | readonly Pid[]): boolean {
    this.checkRunning('leave');
    checkGroup(group, 'leave');
    const list = pidList(pids, 'leave');
    checkLocal(this.runtime, list, 'leave');
    const diff = membership.leave(this.groups, group, list);
    if (diff === null) return false;
    for (const pid of diff.pids) this.settle(pid);
    this.changed(diff);
    return true;
  }

  /** Every member of `group`, a pid once per join (`[]` for a group nobody joined). */
  members(group: string): Pid[] {
    checkGroup(group, 'members');
    return membership.members(this.groups, group);
  }

  /** The members of `group` that live on this node, a pid once per join. */
  localMembers(group: string): Pid[] {
    checkGroup(group, 'localMembers');
    return membership.localMembers(this.groups, group);
  }

  /** Every group with at least one member. */
  whichGroups(): string[] {
    return membership.whichGroups(this.groups);
  }

  /** Every group with at least one member on this node. */
  whichLocalGroups(): string[] {
    return membership.whichLocalGroups(this.groups);
  }

  /**
   * Subscribes `subscriber` (a live local process, often `ctx.self`) to the changes of `group`:
   * returns the members now and a ref; then each join and leave sends it a {@link PgEvent} with that
   * ref, in order. Ends with {@link demonitor} or when the subscriber exits.
   */
  monitor(group: string, subscriber: Pid): PgMonitor {
    checkGroup(group, 'monitor');
    const ref = this.subscribe(subscriber, group, 'monitor');
    return { ref, members: membership.members(this.groups, group) };
  }

  /** Like {@link monitor}, for every group of the scope (Erlang's `monitor_scope`): returns every group's members now. */
  monitorScope(subscriber: Pid): PgScopeMonitor {
    const ref = this.subscribe(subscriber, null, 'monitorScope');
    const groups = new Map<string, Pid[]>();
    for (const group of membership.whichGroups(this.groups)) groups.set(group, membership.members(this.groups, group));
    return { ref, groups };
  }

  /**
   * Ends a subscription: no event is sent for it afterwards (events already sent stay in the
   * subscriber's mailbox). True when it was active.
   */
  demonitor(ref: Ref): boolean {
    if (!(ref instanceof Ref)) throw new CorralError('badRef', `demonitor: ${String(ref)}`);
    const sub = this.subscriptions.remove(ref);
    if (sub === undefined) return false;
    this.settle(sub.subscriber);
    return true;
  }

  /**
   * Sends `msg` to every member of `group`, skipping `except`; returns how many processes it was sent
   * to. Each process gets it once, however many times it joined (unlike {@link members}, which
   * lists a pid per join). Messages from one sender arrive in the order they were published. A group
   * without members is a no-op. Costs about a plain loop of sends: no allocation per member. In a
   * cluster, each other node with members gets ONE packet carrying `msg`, and delivers it to its own
   * members there (so the cost is per node, not per member); `unencodable` is thrown before any send.
   * With `local: true` only this node's members get it.
   */
  publish(group: string, msg: unknown, opts?: PublishOptions): number {
    checkGroup(group, 'publish');
    const except = opts?.except;
    if (except !== undefined && !(except instanceof Pid)) throw new CorralError('badPid', `publish except: ${String(except)}`);
    const local = opts?.local;
    if (local !== undefined && typeof local !== 'boolean') throw new CorralError('badOption', `publish local: ${String(local)}`);
    let sent = 0;
    if (local !== true && this.cluster !== null) {
      const { nodes, members } = remoteTargets(this.groups, group, except);
      if (nodes.length !== 0) this.cluster.publish(nodes, group, msg, except ?? null);
      sent = members;
    }
    return sent + publishLocal(this.runtime, this.groups, group, msg, except);
  }

  /** Stops the scope process with `reason` (default `'shutdown'`); the membership and subscriptions are dropped. */
  stop(reason: ExitReason = 'shutdown'): void {
    this.runtime.exitSignal(this.runtime.rootPid, this.pid, reason);
  }

  /** @internal The scope process exited: forget everything and refuse changes from now on. */
  close(): void {
    this.running = false;
    this.cluster?.close();
    this.watches.clear();
    this.subscriptions.clear();
    this.groups = membership.createMembership();
  }

  private subscribe(subscriber: Pid, group: string | null, what: string): Ref {
    this.checkRunning(what);
    if (!(subscriber instanceof Pid)) throw new CorralError('badPid', `${what}: ${String(subscriber)}`);
    checkAlive(this.runtime, [subscriber], what);
    this.watches.watch(subscriber);
    const ref = this.runtime.makeRef();
    this.subscriptions.add(ref, subscriber, group);
    return ref;
  }

  private checkRunning(what: string): void {
    if (!this.running) throw new CorralError('noproc', `${what}: pg scope ${this.scope} is not running`);
  }

  /** A watched process exited: it leaves every group and loses its subscriptions; subscribers are told. */
  private exited(pid: Pid): void {
    this.subscriptions.removeSubscriber(pid);
    for (const diff of membership.removePid(this.groups, pid)) this.changed(diff);
  }

  /** A change to the local membership: subscribers are told, and so are the other nodes. */
  private changed(diff: MembershipDiff): void {
    this.notify(diff);
    this.cluster?.broadcast(diff);
  }

  /** A change to the members of another node, as that node told it. */
  private remoteDiff(diff: MembershipDiff): void {
    const applied = diff.type === 'join' ? membership.joinRemote(this.groups, diff.group, diff.pids) : membership.leave(this.groups, diff.group, diff.pids);
    if (applied !== null) this.notify(applied);
  }

  private notifyAll(diffs: readonly MembershipDiff[]): void {
    for (const diff of diffs) this.notify(diff);
  }

  /** Stops watching `pid` once it is in no group and holds no subscription. */
  private settle(pid: Pid): void {
    if (!membership.isMember(this.groups, pid) && !this.subscriptions.has(pid)) this.watches.release(pid);
  }

  private notify(diff: MembershipDiff): void {
    for (const [ref, subscriber] of this.subscriptions.ofGroup(diff.group)) this.tell(subscriber, diff, ref);
    for (const [ref, subscriber] of this.subscriptions.ofScope()) this.tell(subscriber, diff, ref);
  }

  private tell(subscriber: Pid, diff: MembershipDiff, ref: Ref): void {
    this.runtime.send(subscriber, new PgEvent(diff.type, this.scope, diff.group, diff.pids, ref));
  }
}
