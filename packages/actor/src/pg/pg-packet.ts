// The packets a pg scope exchanges with the same scope on other nodes, as data, checked on arrival.
import { Pid } from '../kernel/pid.js';

/**
 * One pg packet (the payload of the distribution service `pg:<scope>`). As in Erlang's pg, a node
 * only ever speaks for its own processes: `sync` is its whole local membership (sent on node up and
 * on scope start; `reply` asks the receiver to answer with its own), `join` and `leave` are changes
 * to it, and `publish` carries one message for every local member of a group on the receiving node.
 */
export type PgPacket =
  | { type: 'sync'; groups: Array<[string, Pid[]]>; reply: boolean }
  | { type: 'join'; group: string; pids: Pid[] }
  | { type: 'leave'; group: string; pids: Pid[] }
  | { type: 'publish'; group: string; msg: unknown; except: Pid | null };

/** The name of the distribution service of pg scope `scope`. */
export function pgService(scope: string): string {
  return `pg:${scope}`;
}

function pidsOf(value: unknown, node: string): value is Pid[] {
  return Array.isArray(value) && value.every((pid) => pid instanceof Pid && pid.node === node);
}

/** `data` from node `fromNode` as a {@link PgPacket}, or null when it is not one (or names pids of another node). */
export function parsePgPacket(data: unknown, fromNode: string): PgPacket | null {
  if (typeof data !== 'object' || data === null) return null;
  const p = data as Record<string, unknown>;
  switch (p['type']) {
    case 'sync': {
      const groups = p['groups'];
      if (!Array.isArray(groups) || typeof p['reply'] !== 'boolean') return null;
      const ok = groups.every((g) => Array.isArray(g) && g.length === 2 && typeof g[0] === 'string' && pidsOf(g[1], fromNode));
      return ok ? (p as PgPacket) : null;
    }
    case 'join':
    case 'leave':
      return typeof p['group'] === 'string' && pidsOf(p['pids'], fromNode) ? (p as PgPacket) : null;
    case 'publish':
      return typeof p['group'] === 'string' && 'msg' in p && (p['except'] === null || p['except'] instanceof Pid) ? (p as PgPacket) : null;
    default:
      return null;
  }
}
