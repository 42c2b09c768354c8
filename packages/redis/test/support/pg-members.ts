// Waiting, without sleeping, until a pg scope lists the members a test expects.
import { isPgEvent, TIMEOUT, type Node, type Pg, type Pid } from '@corral/actor';

/** The members of `group` in `pg` as sorted strings, a pid once per join. */
export function memberNames(pg: Pg, group: string): string[] {
  return pg.members(group).map(String).sort();
}

/**
 * Resolves when `pg` (a scope of `node`) lists exactly `expected` as the members of `group`, order
 * aside: checked at once, then at each change of the group (a monitor, no polling). Rejects after
 * `timeoutMs` with what it lists instead.
 */
export function membersBecome(node: Node, pg: Pg, group: string, expected: readonly Pid[], timeoutMs = 5_000): Promise<void> {
  const want = expected.map(String).sort().join(' ');
  return new Promise((resolve, reject) => {
    node.spawn(async (ctx) => {
      const { ref } = pg.monitor(group, ctx.self);
      const deadline = performance.now() + timeoutMs;
      while (memberNames(pg, group).join(' ') !== want) {
        const left = deadline - performance.now();
        if (left <= 0 || (await ctx.receive((msg) => isPgEvent(msg, ref), { timeout: left })) === TIMEOUT) {
          return reject(new Error(`${node.name} lists [${memberNames(pg, group).join(' ')}] in ${group}, not [${want}], after ${timeoutMs} ms`));
        }
      }
      pg.demonitor(ref);
      resolve();
    });
  });
}

/** A process of `node` that receives (and ignores) messages until it is killed or its node stops. */
export function member(node: Node): Pid {
  return node.spawn(async (ctx) => {
    for (;;) await ctx.receive();
  });
}
