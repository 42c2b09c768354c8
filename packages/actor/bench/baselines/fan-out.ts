// Baseline of fan-out: one message queued to each of `size` plain actors, then the loop runs them all.
import { Latch, nsPer, type Subject } from '../harness.js';
import { Actor, MiniActors } from './mini-actors.js';

/** The baseline twin of Corral's fan-out: each `measure` sends `msg` to every actor and runs until all handled it. */
export function startBaselineFanOut(size: number, msg: unknown): Subject {
  const system = new MiniActors();
  let latch = new Latch(size);
  const listen = (_msg: unknown, heard: number): number => {
    latch.tick();
    return heard + 1;
  };
  const actors: Array<Actor<number>> = [];
  for (let i = 0; i < size; i++) actors.push(new Actor(0, listen));
  return {
    async measure() {
      latch = new Latch(size);
      const start = performance.now();
      for (const actor of actors) system.send(actor, msg);
      system.runUntilIdle();
      return nsPer(start, await latch.done, size);
    },
    close: () => {},
  };
}
