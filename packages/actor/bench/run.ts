// Runs the benchmark suite, each benchmark in a process of its own: one JSON line per figure as it is measured, then the table (filter: names from argv).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fanOutBenchmarks } from './fan-out.js';
import type { Benchmark } from './harness.js';
import { memoryBenchmarks } from './memory.js';
import { otpBenchmarks } from './otp.js';
import { pingPongBenchmarks } from './ping-pong.js';
import { jsonLine, judge, table, type Figure, type Verdict } from './report.js';
import { ringBenchmarks } from './ring.js';
import { spawnBenchmarks } from './spawn.js';

const all: Array<Benchmark<Figure>> = [
  ...spawnBenchmarks,
  ...memoryBenchmarks,
  ...pingPongBenchmarks,
  ...ringBenchmarks,
  ...fanOutBenchmarks,
  ...otpBenchmarks,
];

/** What a child prints before its figure, so that other output of the benchmark cannot be taken for it. */
const FIGURE_MARK = 'corral-bench-figure ';

/** In a child process: runs the benchmark named exactly `name` and prints its figure. */
async function runChild(name: string): Promise<void> {
  const benchmark = all.find((b) => b.name === name);
  if (benchmark === undefined) throw new Error(`no benchmark named ${name}`);
  console.log(FIGURE_MARK + JSON.stringify(await benchmark.run()));
}

/**
 * Runs `benchmark` in a fresh Node.js process (as JMH forks a JVM per benchmark): what V8 learned
 * from the benchmarks before it (call sites that saw other handlers, a warm or fragmented heap) does
 * not bias it. The child inherits this process's flags (`--expose-gc`).
 */
function runForked(benchmark: Benchmark<Figure>): Figure {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', benchmark.name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
  const line = out.split('\n').find((l) => l.startsWith(FIGURE_MARK));
  if (line === undefined) throw new Error(`benchmark ${benchmark.name} printed no figure`);
  return JSON.parse(line.slice(FIGURE_MARK.length)) as Figure;
}

async function main(args: readonly string[]): Promise<void> {
  if (args[0] === '--child') return runChild(args[1] ?? '');
  const filters = args;
  const selected = filters.length === 0 ? all : all.filter((b) => filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) throw new Error(`no benchmark matches ${filters.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
  const verdicts: Verdict[] = [];
  for (const benchmark of selected) {
    const verdict = judge(runForked(benchmark));
    verdicts.push(verdict);
    console.log(jsonLine(verdict));
  }
  console.log('');
  console.log(`Corral vs a hand-written baseline, best of several runs, each benchmark in a fresh process (node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(table(verdicts));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
