// Runs the WebSocket benchmarks against a load-generator process: one JSON line per figure, then the table (filter: names from argv).
// Built by tsconfig.bench.json with @corral/actor resolved to its built dist (run `pnpm --filter @corral/actor build` first).
import { startRawWsEcho } from './baselines/raw-ws-echo.js';
import type { Benchmark } from './benchmark.js';
import { startCorralEcho } from './corral-echo.js';
import { echoBenchmark } from './echo.js';
import { LoadGeneratorProcess } from './load-generator-process.js';
import { idleMemoryBenchmark } from './memory.js';
import { jsonLine, judge, table, type Verdict } from './report.js';

/** A hard bound: the suite takes about 2 minutes; past this something hangs, and the process exits. */
const DEADLINE_MS = 10 * 60_000;

const awake = (): ReturnType<typeof startCorralEcho> => startCorralEcho({ hibernate: false });
const hibernated = (): ReturnType<typeof startCorralEcho> => startCorralEcho({ hibernate: true });

const all: Benchmark[] = [
  echoBenchmark(100, awake, startRawWsEcho),
  echoBenchmark(2_000, awake, startRawWsEcho),
  idleMemoryBenchmark({ baseline: startRawWsEcho, awake, hibernated }),
];

async function runAll(selected: readonly Benchmark[], generator: LoadGeneratorProcess): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const benchmark of selected) {
    for (const figure of await benchmark.run(generator)) {
      const verdict = judge(figure);
      verdicts.push(verdict);
      console.log(jsonLine(verdict));
    }
  }
  return verdicts;
}

async function main(filters: readonly string[]): Promise<void> {
  const selected = filters.length === 0 ? all : all.filter((b) => filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) throw new Error(`no benchmark matches ${filters.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
  setTimeout(() => {
    console.error(`websocket benchmarks still running after ${DEADLINE_MS / 1000} s; exiting`);
    process.exit(1);
  }, DEADLINE_MS).unref();
  const generator = LoadGeneratorProcess.start();
  let verdicts: Verdict[];
  try {
    verdicts = await runAll(selected, generator);
  } finally {
    await generator.stop();
  }
  console.log('');
  console.log(`Corral vs raw ws on 127.0.0.1, client in a separate process, best of several runs (node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(table(verdicts));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
