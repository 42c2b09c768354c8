// Lets a node run until no process is runnable, without sleeping.
import type { Node } from '../node/node.js';

/**
 * Resolves once every given node's scheduler is idle and stays idle over a full event-loop turn
 * (so async bodies resumed by the last turn have reached their next `receive`). Timers of a
 * simulated clock do not fire here: advance the clock, then call this again. Rejects after
 * `maxTurns` turns (a process that never stops sending).
 */
export async function runUntilIdle(nodes: Node | Node[], maxTurns = 10_000): Promise<void> {
  const list = Array.isArray(nodes) ? nodes : [nodes];
  let quiet = 0;
  for (let turn = 0; turn < maxTurns; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    quiet = list.every((n) => n.idle) ? quiet + 1 : 0;
    if (quiet >= 2) return;
  }
  throw new Error(`runUntilIdle: still busy after ${maxTurns} event-loop turns`);
}
