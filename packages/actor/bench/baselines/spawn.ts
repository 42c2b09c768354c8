// Baseline of spawn and exit: allocate an actor with a queue, add it to a table and the run queue, run its init, remove it.
import { Latch, nsPer, type Subject } from '../harness.js';
import { Fifo } from './fifo.js';

/** A freshly spawned actor: a queue and a state its init sets. */
class Spawned {
  readonly queue: unknown[] = [];
  state: unknown = undefined;
}

/** The baseline twin of Corral's spawn benchmark. */
export function startBaselineSpawn(count: number): Subject {
  const table = new Set<Spawned>();
  const runQueue = new Fifo<Spawned>();
  let latch = new Latch(count);
  const init = (actor: Spawned): boolean => {
    latch.tick();
    actor.state = null;
    return false;
  };
  return {
    async measure() {
      latch = new Latch(count);
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        const actor = new Spawned();
        table.add(actor);
        runQueue.push(actor);
      }
      for (let a = runQueue.shift(); a !== undefined; a = runQueue.shift()) {
        if (!init(a)) table.delete(a);
      }
      return nsPer(start, await latch.done, count);
    },
    close: () => {},
  };
}
