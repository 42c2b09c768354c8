// The identity of a node as pids and refs carry it: a name and an incarnation number.

/**
 * A node's identity: its name (`chat@host-1`, unique in a cluster) and its creation, a number that
 * changes each time a node of that name starts, so that pids of an earlier incarnation never reach a
 * process of a later one.
 */
export interface NodeIdentity {
  /** The node's name, as given to `createNode({ name })`. */
  readonly name: string;
  /** The incarnation number of this start of the node. */
  readonly creation: number;
}
