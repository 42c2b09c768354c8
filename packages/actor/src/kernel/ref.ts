// Unique references (Erlang's make_ref): monitor refs, timer refs, call tags.
import type { NodeIdentity } from './node-identity.js';

const inspect = Symbol.for('nodejs.util.inspect.custom');

/**
 * A reference unique within its node's incarnation, like Erlang's `make_ref()`. Refs are compared
 * with `===` (a node interns them when they come back from a hibernated state) and print as
 * `#Ref<node.id.serial>`.
 */
export class Ref {
  /** @internal The node that made the ref (the runtime itself for a local ref). */
  readonly home: NodeIdentity;
  /** The reference number. */
  readonly id: number;

  /** @internal Refs are made by nodes (`ctx.makeRef()`, `monitor`, `sendAfter`). */
  constructor(home: NodeIdentity, id: number) {
    this.home = home;
    this.id = id;
  }

  /** The name of the node that made the ref. */
  get node(): string {
    return this.home.name;
  }

  /** The printed form, `#Ref<node.id.serial>`. */
  toString(): string {
    return `#Ref<${this.home.name}.${this.id}.${this.home.creation}>`;
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

/** True when `value` is a {@link Ref}. */
export function isRef(value: unknown): value is Ref {
  return value instanceof Ref;
}

/** A timer reference returned by `sendAfter`, accepted by `cancelTimer`. */
export type TimerRef = Ref;
