// Test helper: a callback-driven process that records every message it gets; 'crash' throws, 'quit' exits normally.
import type { Node, Pid, ProcessHandler } from '@corral/actor';

/** A spawned recorder: its pid and what it received, in order. */
export interface Recorder {
  pid: Pid;
  got: unknown[];
}

/** Spawns a recorder on `node`. */
export function spawnRecorder(node: Node): Recorder {
  const got: unknown[] = [];
  const handler: ProcessHandler<null> = {
    init: () => null,
    handleMessage(msg, state, ctx) {
      if (msg === 'crash') throw new Error('recorder crashed');
      if (msg === 'quit') ctx.exit('normal');
      got.push(msg);
      return state;
    },
  };
  return { pid: node.spawnHandler(handler), got };
}
