// publishLocal: a message to the members of a pg group on this node only (pg.publish reaches every node of the cluster).
import type { Pg, ProcessContext } from '@corral/actor';

/**
 * Sends `msg` once to each member of `group` that lives on this node, from the calling process,
 * and returns how many it reached. What each node's own process announces to its own members goes
 * this way, so an announcement made on every node arrives once, not once per node.
 */
export function publishLocal(pg: Pg, group: string, msg: unknown, ctx: ProcessContext): number {
  const pids = new Set(pg.localMembers(group));
  for (const pid of pids) ctx.send(pid, msg);
  return pids.size;
}
