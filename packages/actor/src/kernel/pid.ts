// Process identifiers: interned per node, printed like Erlang's, usable as Map and Set keys.
import type { NodeIdentity } from './node-identity.js';

const inspect = Symbol.for('nodejs.util.inspect.custom');

/**
 * A process identifier. A node hands out exactly one `Pid` object per process, so two pids of one
 * process are `===` and pids work as `Map` and `Set` keys. It prints as `<node.id.serial>`, where
 * `serial` is the node's creation (incarnation). A pid is data: put it in messages and state; it stays
 * valid (and harmless to send to) after its process exits.
 */
export class Pid {
  /** @internal The node the process lives on (the runtime itself for a local pid). */
  readonly home: NodeIdentity;
  /** The process number, unique within one incarnation of its node. */
  readonly id: number;
  /** @internal The live process while it runs on this node; `null` once it exits or when remote. */
  proc: object | null;

  /** @internal Pids are made by nodes; user code never constructs one. */
  constructor(home: NodeIdentity, id: number, proc: object | null) {
    this.home = home;
    this.id = id;
    this.proc = proc;
  }

  /** The name of the node the process lives on. */
  get node(): string {
    return this.home.name;
  }

  /** The creation (incarnation) of the node the process lives on. */
  get serial(): number {
    return this.home.creation;
  }

  /** The printed form, `<node.id.serial>`. */
  toString(): string {
    return `<${this.home.name}.${this.id}.${this.home.creation}>`;
  }

  /** JSON has no pids or refs: they serialize as their printed form. */
  toJSON(): string {
    return this.toString();
  }

  /** How `console.log` and `util.inspect` show it: the printed form. */
  [inspect](): string {
    return this.toString();
  }
}

/** True when `value` is a {@link Pid}. */
export function isPid(value: unknown): value is Pid {
  return value instanceof Pid;
}
