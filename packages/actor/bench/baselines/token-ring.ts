// Baseline of the token ring: the same countdown passed around plain actors by the hand-written loop.
import { Latch, nsPer, type Subject } from '../harness.js';
import { Actor, MiniActors, type Runnable } from './mini-actors.js';

/** The baseline twin of `startCorralRing`: `size` actors in a ring, a token making `hops` hops per measure. */
export function startBaselineRing(size: number, hops: number): Subject {
  const system = new MiniActors();
  let latch = new Latch(1);
  // The state of a ring actor is the next actor, as a Corral forwarder's state is the next pid.
  const forward = (msg: unknown, next: Runnable | null, sys: MiniActors): Runnable | null => {
    const left = msg as number;
    if (left === 0) latch.tick();
    else sys.send(next as Runnable, left - 1);
    return next;
  };
  const actors: Array<Actor<Runnable | null>> = [];
  for (let i = 0; i < size; i++) actors.push(new Actor<Runnable | null>(null, forward));
  for (let i = 0; i < size; i++) (actors[i] as Actor<Runnable | null>).state = actors[(i + 1) % size] as Runnable;
  const first = actors[0] as Runnable;
  return {
    async measure() {
      latch = new Latch(1);
      const start = performance.now();
      system.send(first, hops);
      system.runUntilIdle();
      return nsPer(start, await latch.done, hops);
    },
    close: () => {},
  };
}
