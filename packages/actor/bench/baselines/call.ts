// Baseline of a call: a request carrying its resolver, queued to a plain actor, answered through a promise.
import { nsPer, type Subject } from '../harness.js';
import { Actor, MiniActors } from './mini-actors.js';

interface Request {
  n: number;
  resolve: (n: number) => void;
}

/** The baseline twin of `GenServer.call`: `calls` sequential request/response round trips, a promise each. */
export function startBaselineCall(calls: number): Subject {
  const system = new MiniActors();
  const server = new Actor<number>(0, (msg, handled) => {
    const request = msg as Request;
    request.resolve(request.n + 1);
    return handled + 1;
  });
  const call = (n: number): Promise<number> =>
    new Promise((resolve) => {
      system.send(server, { n, resolve });
      system.runUntilIdle();
    });
  return {
    async measure() {
      const start = performance.now();
      let n = 0;
      for (let i = 0; i < calls; i++) n = await call(n);
      const end = performance.now();
      if (n !== calls) throw new Error('baseline call lost an answer');
      return nsPer(start, end, calls);
    },
    close: () => {},
  };
}
