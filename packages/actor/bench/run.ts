// Runs the benchmark suite: one JSON line per figure as it is measured, then the table (filter: names from argv).
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

async function main(filters: readonly string[]): Promise<void> {
  const selected = filters.length === 0 ? all : all.filter((b) => filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) throw new Error(`no benchmark matches ${filters.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
  const verdicts: Verdict[] = [];
  for (const benchmark of selected) {
    const verdict = judge(await benchmark.run());
    verdicts.push(verdict);
    console.log(jsonLine(verdict));
  }
  console.log('');
  console.log(`Corral vs a hand-written baseline, best of several runs (node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(table(verdicts));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
