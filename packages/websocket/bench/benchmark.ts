// A named benchmark: given the load generator, it measures Corral and the raw ws baseline and returns its figures.
import type { EchoServer } from './echo-server.js';
import type { LoadGeneratorProcess } from './load-generator-process.js';
import type { Figure } from './report.js';

/** Starts an echo server under test in this process. */
export type StartEchoServer = () => Promise<EchoServer>;

/** A benchmark: `name` is what the command-line filter matches; `run` returns its figures, in table order. */
export interface Benchmark {
  name: string;
  run(generator: LoadGeneratorProcess): Promise<Figure[]>;
}
