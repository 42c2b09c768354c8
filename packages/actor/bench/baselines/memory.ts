// Baseline of the memory figures: a plain actor object with a queue array, a state and a shared behaviour.
import { check, collectGarbage, heapUsed } from '../harness.js';
import { Actor } from './mini-actors.js';

const REPS = 3;

/** Heap bytes per actor for `count` actors, each with the state `makeState` returns (held in one array). */
function measureOnce<S>(count: number, makeState: () => S): number {
  const keep = (_msg: unknown, state: S): S => state;
  collectGarbage();
  const before = heapUsed();
  const actors: Array<Actor<S>> = [];
  for (let i = 0; i < count; i++) actors.push(new Actor(makeState(), keep));
  collectGarbage();
  const after = heapUsed();
  check(actors.length === count, 'every actor is alive');
  return (after - before) / count;
}

/**
 * The best of a few {@link measureOnce} runs. Each run is its own call, so nothing of the previous
 * run is still held by a stack slot when the next one reads its starting heap.
 */
export function baselineBytesPerActor<S>(count: number, makeState: () => S): number {
  let best = Infinity;
  for (let r = 0; r < REPS; r++) best = Math.min(best, measureOnce(count, makeState));
  return best;
}
