// A ring of callback-driven processes passing a countdown token: the shape of the ring and ping-pong benchmarks.
import { createNode, isPid, type Pid, type ProcessHandler } from '../src/index.js';
import { check, Latch, nsPer, type Subject } from './harness.js';

/** Forwards a countdown to the next process; the first message it gets is the next process's pid. */
function forwarder(events: { linked(): void; finished(): void }): ProcessHandler<Pid | null> {
  return {
    init: () => null,
    handleMessage(msg, next, ctx) {
      // The countdown is tested first so the hot path does no more than the baseline's.
      if (typeof msg === 'number') {
        if (msg === 0) events.finished();
        else ctx.send(next as Pid, msg - 1);
        return next;
      }
      if (!isPid(msg)) return next;
      events.linked();
      return msg;
    },
  };
}

/**
 * Spawns `size` processes linked in a ring (untimed); each `measure` sends a token that makes `hops`
 * hops and returns ns per hop, stopping the clock in the process that receives the last hop.
 */
export async function startCorralRing(size: number, hops: number): Promise<Subject> {
  const node = createNode();
  let latch = new Latch(size);
  const handler = forwarder({ linked: () => latch.tick(), finished: () => latch.tick() });
  const pids: Pid[] = [];
  for (let i = 0; i < size; i++) pids.push(node.spawnHandler(handler));
  for (let i = 0; i < size; i++) node.send(pids[i] as Pid, pids[(i + 1) % size]);
  await latch.done;
  const first = pids[0] as Pid;
  return {
    async measure() {
      latch = new Latch(1);
      const start = performance.now();
      node.send(first, hops);
      const end = await latch.done;
      check(node.idle, 'the ring is idle after the last hop');
      return nsPer(start, end, hops);
    },
    close: () => node.stop(),
  };
}
