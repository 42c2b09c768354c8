// Publishing to a pg group: the local members reached directly, the remote ones counted by node.
import type { Pid } from '../kernel/pid.js';
import type { Process } from '../runtime/process.js';
import type { Runtime } from '../runtime/runtime.js';
import * as membership from './membership.js';
import type { Membership } from './membership.js';

/** Sends `msg` to each distinct local member of `group` but `except`; how many it reached. No allocation per member. */
export function publishLocal(runtime: Runtime, groups: Membership, group: string, msg: unknown, except: Pid | undefined): number {
  const pids = membership.distinctLocalMembers(groups, group);
  let sent = 0;
  for (let i = 0; i < pids.length; i++) {
    const pid = pids[i] as Pid;
    const p = pid.proc;
    if (p === null || pid === except) continue;
    runtime.deliver(p as Process, msg);
    sent++;
  }
  return sent;
}

/** The nodes holding distinct remote members of `group` but `except`, and how many such members there are. */
export function remoteTargets(groups: Membership, group: string, except: Pid | undefined): { nodes: string[]; members: number } {
  const remote = membership.distinctRemoteMembers(groups, group);
  if (remote.length === 0) return { nodes: [], members: 0 };
  const nodes = new Set<string>();
  let members = 0;
  for (let i = 0; i < remote.length; i++) {
    const pid = remote[i] as Pid;
    if (pid === except) continue;
    nodes.add(pid.node);
    members++;
  }
  return { nodes: [...nodes], members };
}
