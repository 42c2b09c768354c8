// How GenServer functions name a server: a pid (typed or not), or a registered name on a node.
import { CorralError } from '../kernel/corral-error.js';
import { Pid } from '../kernel/pid.js';
import { Node } from '../node/node.js';
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

/** A server by registered name: `{ node, name }`. */
export interface ServerName {
  /** The node the server is registered on. */
  node: Node;
  /** Its registered name. */
  name: string;
}

/** A pid, or a registered name on a node. */
export type ServerRef<Call = unknown, Cast = unknown, Reply = unknown> = ServerPid<Call, Cast, Reply> | ServerName;

/** A located server: the runtime it lives on and its pid (undefined when a name is free). */
export interface Located {
  runtime: Runtime;
  pid: Pid | undefined;
}

/** Finds the runtime and pid behind `dest`; throws `badDestination` for anything else. */
export function locate(dest: ServerRef): Located {
  if (dest instanceof Pid) {
    if (!(dest.home instanceof Runtime)) throw new CorralError('badDestination', `${dest.toString()} is not on a node of this process`);
    return { runtime: dest.home, pid: dest };
  }
  if (typeof dest === 'object' && dest !== null && dest.node instanceof Node && typeof dest.name === 'string') {
    return { runtime: dest.node.runtime, pid: dest.node.whereis(dest.name) };
  }
  throw new CorralError('badDestination', `not a pid nor { node, name }: ${String(dest)}`);
}

/** Describes `dest` for error messages. */
export function describeRef(dest: ServerRef): string {
  return dest instanceof Pid ? dest.toString() : `${dest.name} on ${dest.node.name}`;
}
