// The runtime's side of links, monitors and messages that cross nodes: what goes out and what comes in.
import { CorralError } from '../kernel/corral-error.js';
import type { ExitReason } from '../kernel/exit-reason.js';
import type { NodeIdentity } from '../kernel/node-identity.js';
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';
import { DownMessage, ExitMessage } from '../kernel/system-message.js';
import { ProcessExit } from './control-flow.js';
import type { Distribution } from './distribution.js';
import type { RemoteName } from './process-context.js';
import { TRAP_EXIT } from './process-flags.js';
import { addNamedMonitor, takeNamedMonitor } from './monitors.js';
import type { Process } from './process.js';
import type { Registry } from './registry.js';

/** What the endpoint needs from its runtime. */
export interface RemoteEndpointHost {
  readonly name: string;
  readonly registry: Registry;
  distribution(): Distribution | null;
  /** The live local process of `pid`, or null. */
  resolve(pid: Pid): Process | null;
  deliver(p: Process, msg: unknown): void;
  /** Applies an exit signal to a local process (Erlang's rules). */
  signal(from: Pid, to: Process, reason: ExitReason, viaLink: boolean): void;
}

/** True when `dest` is a `{ name, node }` destination. */
export function isRemoteName(dest: unknown): dest is RemoteName {
  return typeof dest === 'object' && dest !== null && typeof (dest as RemoteName).name === 'string'
    && typeof (dest as RemoteName).node === 'string';
}

/**
 * Remote links and monitors are stored like local ones (a remote pid in `links`, `monitors` or
 * `monitoredBy`); only the other half lives on the other node. The distribution layer calls the
 * inbound methods when packets arrive; the runtime calls the outbound ones.
 */
export class RemoteEndpoint {
  constructor(private readonly host: RemoteEndpointHost) {}

  // ---- outbound ----------------------------------------------------------------------------

  /** `send({ name, node }, msg)`: the local registry for this node's own name, else the distribution. */
  sendNamed(dest: RemoteName, msg: unknown): void {
    const { host } = this;
    if (dest.node !== host.name) return host.distribution()?.sendNamed(dest.name, dest.node, msg);
    const p = host.registry.lookup(dest.name);
    if (p === undefined) throw new CorralError('unknownName', `${dest.name} on ${dest.node}`);
    host.deliver(p, msg);
  }

  /** `link(pid)` to a remote pid: recorded here, asked of its node; a node that is not connected gives `'noconnection'`. */
  linkOut(p: Process, pid: Pid, dist: Distribution): void {
    const links = (p.extra().links ??= new Set());
    if (links.has(pid)) return;
    links.add(pid);
    if (dist.linkRemote(p.pid, pid)) return;
    links.delete(pid);
    if ((p.flags & TRAP_EXIT) !== 0) this.host.deliver(p, new ExitMessage(pid, 'noconnection'));
    else throw new ProcessExit('noconnection');
  }

  /** `monitor({ name, node })` of another node: DOWN `'noconnection'` (naming it) at once when that node is not connected. */
  monitorNameOut(p: Process, name: RemoteName, ref: Ref, dist: Distribution): void {
    addNamedMonitor(p, ref, name);
    if (dist.monitorName(p.pid, name.name, name.node, ref)) return;
    takeNamedMonitor(p, ref);
    this.host.deliver(p, new DownMessage(ref, name, 'noconnection'));
  }

  /** `monitor(pid)` of a remote pid: DOWN `'noconnection'` at once when its node is not connected. */
  monitorOut(p: Process, pid: Pid, ref: Ref, dist: Distribution): Ref {
    const monitors = (p.extra().monitors ??= new Map());
    monitors.set(ref, pid);
    if (!dist.monitorRemote(p.pid, pid, ref)) {
      monitors.delete(ref);
      this.host.deliver(p, new DownMessage(ref, pid, 'noconnection'));
    }
    return ref;
  }

  // ---- inbound -----------------------------------------------------------------------------

  /** A message for a local pid (dropped when it is not alive). */
  deliver(to: Pid, msg: unknown): void {
    const p = this.host.resolve(to);
    if (p !== null) this.host.deliver(p, msg);
  }

  /** A message for a locally registered name (dropped when there is none). */
  deliverNamed(name: string, msg: unknown): void {
    const p = this.host.registry.lookup(name);
    if (p !== undefined) this.host.deliver(p, msg);
  }

  /** A remote process links to local `to`; false when `to` is not alive (the caller answers `'noproc'`). */
  link(from: Pid, to: Pid): boolean {
    const p = this.host.resolve(to);
    if (p === null) return false;
    (p.extra().links ??= new Set()).add(from);
    return true;
  }

  unlink(from: Pid, to: Pid): void {
    this.host.resolve(to)?.ext?.links?.delete(from);
  }

  /** An exit signal from a remote process; a link signal only counts while the link exists. */
  exit(from: Pid, to: Pid, reason: ExitReason, viaLink: boolean): void {
    const p = this.host.resolve(to);
    if (p === null) return;
    if (viaLink && p.ext?.links?.delete(from) !== true) return;
    this.host.signal(from, p, reason, viaLink);
  }

  /** A remote process monitors local `to`; false when `to` is not alive (the caller answers DOWN `'noproc'`). */
  monitor(from: Pid, to: Pid, ref: Ref): boolean {
    const p = this.host.resolve(to);
    if (p === null) return false;
    (p.extra().monitoredBy ??= new Map()).set(ref, from);
    return true;
  }

  demonitor(to: Pid, ref: Ref): void {
    this.host.resolve(to)?.ext?.monitoredBy?.delete(ref);
  }

  /**
   * A remote process monitors the local process registered as `name`: returns its pid, or null when
   * the name is free (the caller answers DOWN `'noproc'` with the name).
   */
  monitorName(from: Pid, name: string, ref: Ref): Pid | null {
    const p = this.host.registry.lookup(name);
    if (p === undefined) return null;
    (p.extra().monitoredBy ??= new Map()).set(ref, from);
    return p.pid;
  }

  /** Removes the monitor `ref` of remote `from` on the process registered as `name` (if the name still leads to it). */
  demonitorName(from: Pid, name: string, ref: Ref): void {
    const by = this.host.registry.lookup(name)?.ext?.monitoredBy;
    if (by?.get(ref) === from) by.delete(ref);
  }

  /** A remote process that local `watcher` monitored under `ref` (by pid, or by a name of its node) exited (ignored once demonitored). */
  down(watcher: Pid, ref: Ref, pid: Pid, reason: ExitReason): void {
    const p = this.host.resolve(watcher);
    const ext = p?.ext;
    if (p === null || ext === null || ext === undefined) return;
    if (ext.monitors?.get(ref) === pid) {
      ext.monitors.delete(ref);
      this.host.deliver(p, new DownMessage(ref, pid, reason));
    } else if (ext.namedMonitors?.get(ref)?.node === pid.node) {
      this.host.deliver(p, new DownMessage(ref, takeNamedMonitor(p, ref) as RemoteName, reason));
    }
  }

  /** The monitor `ref` that local `watcher` set on `name` (a name of another node) fired without a pid: `'noproc'`. */
  downName(watcher: Pid, ref: Ref, name: RemoteName, reason: ExitReason): void {
    const p = this.host.resolve(watcher);
    const held = p?.ext?.namedMonitors?.get(ref);
    if (p === null || held?.name !== name.name || held.node !== name.node) return;
    this.host.deliver(p, new DownMessage(ref, takeNamedMonitor(p, ref) as RemoteName, reason));
  }

  /**
   * Node `home` is gone: for each of `pids` (the local processes that had links or monitors with it),
   * DOWN `'noconnection'` for its monitors there, monitors from there forgotten, and an exit signal
   * `'noconnection'` for each link there.
   */
  nodeDown(home: NodeIdentity, pids: Iterable<Pid>): void {
    for (const pid of pids) {
      const p = this.host.resolve(pid);
      const ext = p?.ext;
      if (p === null || ext === null || ext === undefined) continue;
      if (ext.monitors !== null) {
        for (const [ref, target] of [...ext.monitors]) {
          if (target.home !== home) continue;
          ext.monitors.delete(ref);
          this.host.deliver(p, new DownMessage(ref, target, 'noconnection'));
        }
      }
      if (ext.namedMonitors !== null) {
        for (const [ref, name] of [...ext.namedMonitors]) {
          if (name.node !== home.name) continue;
          ext.namedMonitors.delete(ref);
          this.host.deliver(p, new DownMessage(ref, name, 'noconnection'));
        }
      }
      if (ext.monitoredBy !== null) for (const [ref, watcher] of [...ext.monitoredBy]) if (watcher.home === home) ext.monitoredBy.delete(ref);
      if (ext.links === null) continue;
      for (const linked of [...ext.links]) {
        if (linked.home !== home || !ext.links.delete(linked)) continue;
        this.host.signal(linked, p, 'noconnection', true);
      }
    }
  }
}
