// Links, monitors and exit signals as processes use them: to a local process, across nodes, or to one that is gone.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import type { NodeIdentity } from '../kernel/node-identity.js';
import type { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';
import { DownMessage, ExitMessage, NodeDownMessage } from '../kernel/system-message.js';
import { ProcessExit } from './control-flow.js';
import type { Distribution } from './distribution.js';
import { addLink, removeLink } from './links.js';
import { removeMessages } from './mailbox.js';
import { addMonitor, addNamedMonitor, removeMonitor, takeNamedMonitor } from './monitors.js';
import type { Dest, RemoteName } from './process-context.js';
import { TRAP_EXIT } from './process-flags.js';
import type { Process, ProcessRelations } from './process.js';
import { isRemoteName, type RemoteEndpoint } from './remote-endpoint.js';

/** What links and monitors need from their node. */
export interface RelationsHost extends NodeIdentity {
  readonly remote: RemoteEndpoint;
  /** Reaches other nodes (null without a transport: remote links and monitors fail, remote signals are dropped). */
  readonly distribution: Distribution | null;
  /** The live local process of `pid` (null when it is gone or remote); throws `badPid` for a non-pid. */
  local(pid: unknown, what: string): Process | null;
  deliver(p: Process, msg: unknown): void;
  /** Applies an exit signal to a local process (Erlang's rules). */
  signal(from: Pid, to: Process, reason: ExitReason, viaLink: boolean): void;
  whereis(name: string): Pid | undefined;
  makeRef(): Ref;
}

/**
 * The links, monitors and exit signals of one node. The records live on the processes (links.ts,
 * monitors.ts); this decides where each operation goes: a local process, the distribution for a pid
 * of another node, or Erlang's answer for a process that is gone (`noproc`).
 */
export class Relations implements ProcessRelations {
  constructor(private readonly host: RelationsHost) {}

  link(p: Process, pid: Pid): void {
    const { host } = this;
    const target = host.local(pid, 'link');
    if (pid === p.pid) return;
    if (target !== null) return addLink(p, target);
    if (pid.home !== host && host.distribution !== null) return host.remote.linkOut(p, pid, host.distribution);
    if ((p.flags & TRAP_EXIT) !== 0) host.deliver(p, new ExitMessage(pid, 'noproc'));
    else throw new ProcessExit('noproc');
  }

  unlink(p: Process, pid: Pid): void {
    const { host } = this;
    const target = host.local(pid, 'unlink');
    if (target !== null) removeLink(p, target);
    else if (p.ext?.links?.delete(pid) === true && pid.home !== host) host.distribution?.unlinkRemote(p.pid, pid);
  }

  monitor(p: Process, dest: Dest): Ref {
    const { host } = this;
    if (isRemoteName(dest)) return this.monitorName(p, { name: dest.name, node: dest.node });
    const pid = typeof dest === 'string' ? host.whereis(dest) : dest;
    if (pid === undefined) throw new CorralError(typeof dest === 'string' ? 'unknownName' : 'badPid', `monitor: ${String(dest)}`);
    const target = host.local(pid, 'monitor');
    const ref = host.makeRef();
    if (target === null && pid.home !== host && host.distribution !== null) return host.remote.monitorOut(p, pid, ref, host.distribution);
    if (target === null) host.deliver(p, new DownMessage(ref, pid, 'noproc'));
    else addMonitor(p, target, ref);
    return ref;
  }

  /**
   * `monitor({ name, node })` (Erlang's `monitor(process, {Name, Node})`): the process registered as
   * `name` there now. Its DOWN names `{ name, node }`: `'noproc'` when the name is free,
   * `'noconnection'` when the node is not connected or goes down.
   */
  private monitorName(p: Process, name: RemoteName): Ref {
    const { host } = this;
    const ref = host.makeRef();
    if (name.node !== host.name) {
      if (host.distribution === null) host.deliver(p, new DownMessage(ref, name, 'noconnection'));
      else host.remote.monitorNameOut(p, name, ref, host.distribution);
      return ref;
    }
    const pid = host.whereis(name.name);
    const target = pid === undefined ? null : host.local(pid, 'monitor');
    if (target === null) {
      host.deliver(p, new DownMessage(ref, name, 'noproc'));
      return ref;
    }
    addMonitor(p, target, ref);
    addNamedMonitor(p, ref, name);
    return ref;
  }

  demonitor(p: Process, ref: Ref, flush: boolean): boolean {
    if (!(ref instanceof Ref)) throw new CorralError('badRef', String(ref));
    const target = removeMonitor(p, ref);
    const named = takeNamedMonitor(p, ref);
    const active = target !== undefined || named !== undefined;
    if (target !== undefined && target.home !== this.host) this.host.distribution?.demonitorRemote(p.pid, target, ref);
    if (named !== undefined && named.node !== this.host.name) this.host.distribution?.demonitorName(p.pid, named.name, named.node, ref);
    if (flush) removeMessages(p, (m) => m instanceof DownMessage && m.ref === ref);
    return active;
  }

  /** Subscribes `p` to the up and down events of node `node` (or unsubscribes). */
  monitorNode(p: Process, node: string, on: boolean): void {
    const { host } = this;
    if (typeof node !== 'string' || node.length === 0) throw new CorralError('badOption', `monitorNode(${String(node)})`);
    if (node === host.name) return;
    const up = host.distribution?.monitorNode(p.pid, node, on) ?? false;
    if (on && !up) host.deliver(p, new NodeDownMessage(node, 'noconnection'));
  }

  /** An exit signal from `from` to `to` (`exit(pid, reason)`); `viaLink` when `from` exited and they were linked. */
  exitSignal(from: Pid, to: Pid, reason: ExitReason, viaLink: boolean): void {
    const { host } = this;
    const target = host.local(to, viaLink ? 'link' : 'exit');
    if (target !== null) host.signal(from, target, reason, viaLink);
    else if (to.home !== host) host.distribution?.exitRemote(from, to, reason, viaLink);
  }

  /** Tells `watcher` (local or remote) that `pid`, which it monitored under `ref`, exited. */
  notifyDown(watcher: Pid, ref: Ref, pid: Pid, reason: ExitReason): void {
    const { host } = this;
    if (watcher.home !== host) return host.distribution?.downRemote(watcher, ref, pid, reason);
    const p = watcher.proc as Process | null;
    if (p !== null) host.deliver(p, new DownMessage(ref, takeNamedMonitor(p, ref) ?? pid, reason));
  }

  /** `watcher` exited while monitoring `target`, which has no local process: a remote target is told. */
  releaseMonitor(watcher: Pid, ref: Ref, target: Pid): void {
    if (target.home !== this.host) this.host.distribution?.demonitorRemote(watcher, target, ref);
  }

  /** `watcher` exited while monitoring `{ name, node }`: a remote node is told. */
  releaseNamedMonitor(watcher: Pid, ref: Ref, name: RemoteName): void {
    if (name.node !== this.host.name) this.host.distribution?.demonitorName(watcher, name.name, name.node, ref);
  }
}
