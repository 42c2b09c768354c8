// Interns pids and refs that come back from serialized form, so they are `===` to the originals.
import type { NodeIdentity } from '../kernel/node-identity.js';
import { Pid } from '../kernel/pid.js';
import { Ref } from '../kernel/ref.js';
import type { IdentityCodec } from './state-codec.js';
import { WeakInterner } from './weak-interner.js';

/**
 * The identity of another node as one local node knows it: remote pids and refs point to it, so code
 * outside any process (`GenServer.call(remotePid, ...)`) finds the local node to act from.
 */
export class RemoteNode implements NodeIdentity {
  constructor(
    readonly name: string,
    readonly creation: number,
    /** The local node (its runtime) that decoded pids and refs of this one. */
    readonly seenBy: NodeIdentity,
  ) {}
}

function key(node: string, creation: number, id: number): string {
  return `${node}\u0000${creation}\u0000${id}`;
}

/**
 * The identity side of serialization for one node. A pid or ref is remembered (weakly) when it is
 * written; reading it back returns that same object while anything still holds it, and otherwise a
 * new one (a local pid read back after its process died, with no holder left, is a fresh dead pid).
 */
export class IdentityTable implements IdentityCodec {
  private readonly pids = new WeakInterner<string, Pid>();
  private readonly refs = new WeakInterner<string, Ref>();
  private readonly nodes = new Map<string, NodeIdentity>();

  constructor(private readonly local: NodeIdentity) {}

  rememberPid(pid: Pid): void {
    this.pids.remember(key(pid.home.name, pid.home.creation, pid.id), pid);
  }

  rememberRef(ref: Ref): void {
    this.refs.remember(key(ref.home.name, ref.home.creation, ref.id), ref);
  }

  revivePid(node: string, creation: number, id: number): Pid {
    return this.pids.intern(key(node, creation, id), () => new Pid(this.identity(node, creation), id, null));
  }

  reviveRef(node: string, creation: number, id: number): Ref {
    return this.refs.intern(key(node, creation, id), () => new Ref(this.identity(node, creation), id));
  }

  /** The one identity object of node `name` incarnation `creation`. */
  identity(name: string, creation: number): NodeIdentity {
    if (name === this.local.name && creation === this.local.creation) return this.local;
    const k = `${name}\u0000${creation}`;
    let found = this.nodes.get(k);
    if (found === undefined) this.nodes.set(k, (found = new RemoteNode(name, creation, this.local)));
    return found;
  }
}
