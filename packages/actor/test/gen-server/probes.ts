// Test probes for GenServer tests: a promise's outcome read without awaiting it, and code run inside a process.
import type { Node, Pid, ProcessContext } from '@corral/actor';

/** What became of a promise so far. */
export type Outcome<T> =
  | { state: 'pending' }
  | { state: 'resolved'; value: T }
  | { state: 'rejected'; error: unknown };

/**
 * Watches `promise` and returns a getter of its outcome: a test can advance a simulated clock and
 * check that a call is still pending, without awaiting it (and without an unhandled rejection).
 */
export function watch<T>(promise: Promise<T>): () => Outcome<T> {
  let outcome: Outcome<T> = { state: 'pending' };
  promise.then(
    (value) => {
      outcome = { state: 'resolved', value };
    },
    (error: unknown) => {
      outcome = { state: 'rejected', error };
    },
  );
  return () => outcome;
}

/** Spawns an async body on `node`; `result` settles with what the body returned or threw. */
export function inProcess<T>(node: Node, body: (ctx: ProcessContext) => Promise<T>): { pid: Pid; result: Promise<T> } {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const pid = node.spawn(async (ctx) => {
    try {
      settle.resolve(await body(ctx));
    } catch (error) {
      settle.reject(error);
      throw error;
    }
  });
  return { pid, result };
}
