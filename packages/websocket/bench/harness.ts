// Measurement helpers: garbage collection, memory readings, polling for a condition, percentiles.

/** Collects garbage twice (weak references and finalizers settle on the second pass); needs `--expose-gc`. */
export function collectGarbage(): void {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('run the benchmarks with node --expose-gc');
  gc();
  gc();
}

/** Memory of this process: `heap` is V8 heap used plus external (Buffers, ArrayBuffers), `rss` the resident set. */
export interface MemoryReading {
  heap: number;
  rss: number;
}

export function readMemory(): MemoryReading {
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
}

/** Heap change between two readings small enough to call the heap settled. */
const SETTLED_BYTES = 64 * 1024;

/**
 * Memory once it has stopped moving: collects garbage, waits 50 ms and again until two readings agree
 * within 64 KiB (at most 20 rounds), so sockets closed just before (their handles are freed a loop
 * iteration or more later) are not counted.
 */
export async function readSettledMemory(): Promise<MemoryReading> {
  collectGarbage();
  let last = readMemory();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    collectGarbage();
    const now = readMemory();
    if (Math.abs(now.heap - last.heap) < SETTLED_BYTES) return now;
    last = now;
  }
  return last;
}

/** Resolves once `condition()` holds, polling every 10 ms; rejects after `timeoutMs`, naming `what`. */
export function waitFor(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (condition()) resolve();
      else if (performance.now() > deadline) reject(new Error(`benchmark timed out waiting for ${what}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

/** The nearest-rank `p`-th quantile (0 < p <= 1) of ascending `sorted` values; NaN when there are none. */
export function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Throws when a benchmark did not do the work it claims to measure. */
export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`benchmark check failed: ${what}`);
}
