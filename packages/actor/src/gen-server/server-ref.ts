// How GenServer functions name a server: a pid (of any node), a registered name on a node, or a global name.
import { CorralError } from '../kernel/corral-error.js';
import { Pid } from '../kernel/pid.js';
import { Node } from '../node/node.js';
import { RemoteNode } from '../runtime/identity-table.js';
import type { ProcessContext, RemoteName } from '../runtime/process-context.js';
import { Runtime } from '../runtime/runtime.js';

declare const serverTypes: unique symbol;

/**
 * The pid of a GenServer, carrying its call, cast and reply types (types only: at run time it is the
 * plain {@link Pid}), so `GenServer.call(pid, request)` is checked against the server's callbacks.
 */
export type ServerPid<Call = unknown, Cast = unknown, Reply = unknown> = Pid & {
  /** @internal Types only, never set: the server's call, cast and reply types. */
  readonly [serverTypes]?: { call: Call; cast: Cast; reply: Reply };
};

/**
 * A server by registered name: `{ node, name }` with a {@link Node} of this process, or
 * `{ name, node: 'a@host', via }` with the name of any node (this one or another) and `via`, the node
 * or process context the call is made from (`GenServer.call` takes no context of its own).
 */
export type ServerName =
  | { node: Node; name: string }
  | { name: string; node: string; via: Node | ProcessContext };

/** A server by global name (see `node.registerGlobal`), looked up in the table of `via`'s node. */
export interface GlobalServerName {
  /** The global name. */
  global: string;
  /** The node or process context the call is made from. */
  via: Node | ProcessContext;
}

/** A pid, a registered name on a node, or a global name. */
export type ServerRef<Call = unknown, Cast = unknown, Reply = unknown> = ServerPid<Call, Cast, Reply> | ServerName | GlobalServerName;

/**
 * A located server: a process of `runtime` (`pid` undefined when the name is free), or a process of
 * another node, reached from `runtime`.
 */
export type Located =
  | { type: 'local'; runtime: Runtime; pid: Pid | undefined }
  | { type: 'remote'; runtime: Runtime; target: Pid | RemoteName };

function runtimeOf(via: unknown): Runtime {
  if (via instanceof Node) return via.runtime;
  const home = (via as Partial<ProcessContext> | null)?.self?.home;
  if (!(home instanceof Runtime)) throw new CorralError('badDestination', `via: not a node nor a process context of this process: ${String(via)}`);
  return home;
}

function at(runtime: Runtime, pid: Pid | undefined): Located {
  if (pid === undefined || pid.home === runtime) return { type: 'local', runtime, pid };
  return { type: 'remote', runtime, target: pid };
}

function locatePid(pid: Pid): Located {
  if (pid.home instanceof Runtime) return { type: 'local', runtime: pid.home, pid };
  if (pid.home instanceof RemoteNode && pid.home.seenBy instanceof Runtime) return { type: 'remote', runtime: pid.home.seenBy, target: pid };
  throw new CorralError('badDestination', `${pid.toString()} is not known to a node of this process`);
}

/** Finds the runtime to act from and the server behind `dest`; throws `badDestination` for anything else. */
export function locate(dest: ServerRef): Located {
  if (dest instanceof Pid) return locatePid(dest);
  if (typeof dest !== 'object' || dest === null) throw new CorralError('badDestination', `not a pid, { node, name } nor { global, via }: ${String(dest)}`);
  const d = dest as Partial<Record<'node' | 'name' | 'global' | 'via', unknown>>;
  if (d.node instanceof Node && typeof d.name === 'string') return { type: 'local', runtime: d.node.runtime, pid: d.node.whereis(d.name) };
  if (typeof d.node === 'string' && typeof d.name === 'string') {
    const runtime = runtimeOf(d.via);
    if (d.node === runtime.name) return { type: 'local', runtime, pid: runtime.whereis(d.name) };
    return { type: 'remote', runtime, target: { name: d.name, node: d.node } };
  }
  if (typeof d.global === 'string') {
    const runtime = runtimeOf(d.via);
    return at(runtime, runtime.globals?.whereis(d.global));
  }
  throw new CorralError('badDestination', `not a pid, { node, name } nor { global, via }: ${String(dest)}`);
}

/** Describes `dest` for error messages. */
export function describeRef(dest: ServerRef): string {
  if (dest instanceof Pid) return dest.toString();
  if ('global' in dest) return `global ${dest.global}`;
  return `${dest.name} on ${typeof dest.node === 'string' ? dest.node : dest.node.name}`;
}
