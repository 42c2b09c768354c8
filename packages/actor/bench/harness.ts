// Measurement helpers: garbage collection, heap readings, a completion latch, best-of-N comparison.

/** Collects garbage twice (weak references and finalizers settle on the second pass); needs `--expose-gc`. */
export function collectGarbage(): void {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('run the benchmarks with node --expose-gc');
  gc();
  gc();
}

/** Bytes used on the V8 heap now. */
export function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/**
 * Counts down completions: the call of {@link tick} that reaches zero records the time and resolves
 * {@link done} with it, so a benchmark stops its clock in the process that finished the work.
 */
export class Latch {
  private left: number;
  private resolve: (at: number) => void = () => {};
  /** Resolves with `performance.now()` taken at the last tick. */
  readonly done: Promise<number>;

  constructor(count: number) {
    this.left = count;
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  tick(): void {
    if (--this.left === 0) this.resolve(performance.now());
  }
}

/** Something measured repeatedly: each call of `measure` does the work once and returns ns per operation. */
export interface Subject {
  measure(): Promise<number>;
  close(): void;
}

/** The best (lowest) ns per operation of Corral and of the baseline over `reps` alternating runs. */
export async function compare(reps: number, corral: Subject, baseline: Subject): Promise<{ corral: number; baseline: number }> {
  let bestCorral = Infinity;
  let bestBaseline = Infinity;
  try {
    for (let i = 0; i < reps; i++) {
      collectGarbage();
      bestCorral = Math.min(bestCorral, await corral.measure());
      collectGarbage();
      bestBaseline = Math.min(bestBaseline, await baseline.measure());
    }
  } finally {
    corral.close();
    baseline.close();
  }
  return { corral: bestCorral, baseline: bestBaseline };
}

/** Nanoseconds per operation between two `performance.now()` readings. */
export function nsPer(startMs: number, endMs: number, ops: number): number {
  return ((endMs - startMs) * 1e6) / ops;
}

/** Throws when a benchmark did not do the work it claims to measure. */
export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`benchmark check failed: ${what}`);
}

/** A named benchmark producing one figure. */
export interface Benchmark<F> {
  name: string;
  run(): Promise<F>;
}
