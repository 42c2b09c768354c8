// Memory per idle connection: 10,000 connections held open by the load generator, measured in this, the server's, process.
import type { Benchmark, StartEchoServer } from './benchmark.js';
import { check, readSettledMemory, waitFor } from './harness.js';
import type { LoadGeneratorProcess } from './load-generator-process.js';
import type { Figure } from './report.js';

const COUNT = 10_000;
/** Rounds of (baseline, Corral awake, Corral hibernated); each figure is the lowest of its runs. */
const REPS = 2;
const SETTLE_TIMEOUT_MS = 60_000;
const WITHIN = 1.25;

/** Bytes per connection: heap used + external after gc, and resident set size (informational: gc does not return pages). */
interface PerConnection {
  heap: number;
  rss: number;
}

/** Starts a server, reads memory, has the generator open COUNT idle connections, waits until the server has settled them all, reads again. */
async function measureIdle(generator: LoadGeneratorProcess, start: StartEchoServer): Promise<PerConnection> {
  const server = await start();
  try {
    const before = await readSettledMemory();
    const held = await generator.hold(server.url, COUNT);
    check(held.count === COUNT, `the generator holds ${held.count} of ${COUNT} connections`);
    await waitFor(() => server.settled() === COUNT, `the server to settle ${COUNT} connections`, SETTLE_TIMEOUT_MS);
    const after = await readSettledMemory();
    return { heap: (after.heap - before.heap) / COUNT, rss: (after.rss - before.rss) / COUNT };
  } finally {
    try {
      await generator.release();
    } finally {
      await server.close();
    }
  }
}

function lowest(a: PerConnection, b: PerConnection): PerConnection {
  return { heap: Math.min(a.heap, b.heap), rss: Math.min(a.rss, b.rss) };
}

function figures(baseline: PerConnection, awake: PerConnection, hibernated: PerConnection): Figure[] {
  const bench = `idle connection, ${COUNT.toLocaleString('en-US')} open`;
  const unit = 'B/conn';
  const none = { type: 'none' } as const;
  return [
    { bench: `${bench}: heap, Corral awake`, corral: awake.heap, baseline: baseline.heap, unit, better: 'lower', target: { type: 'withinBaseline', factor: WITHIN } },
    {
      bench: `${bench}: heap, Corral hibernated`, corral: hibernated.heap, baseline: baseline.heap, unit, better: 'lower',
      target: { type: 'below', value: awake.heap, of: 'Corral awake' },
    },
    { bench: `${bench}: RSS, Corral awake`, corral: awake.rss, baseline: baseline.rss, unit, better: 'lower', target: none },
    { bench: `${bench}: RSS, Corral hibernated`, corral: hibernated.rss, baseline: baseline.rss, unit, better: 'lower', target: none },
  ];
}

type Contender = 'baseline' | 'awake' | 'hibernated';

/** Idle memory of the baseline, Corral awake and Corral hibernated, measured in turn (the order reversed every other round), REPS rounds. */
export function idleMemoryBenchmark(servers: Record<Contender, StartEchoServer>): Benchmark {
  return {
    name: 'idle-memory',
    async run(generator) {
      const best: Record<Contender, PerConnection> = {
        baseline: { heap: Infinity, rss: Infinity },
        awake: { heap: Infinity, rss: Infinity },
        hibernated: { heap: Infinity, rss: Infinity },
      };
      const order: Contender[] = ['baseline', 'awake', 'hibernated'];
      for (let i = 0; i < REPS; i++) {
        for (const contender of i % 2 === 0 ? order : [...order].reverse()) {
          best[contender] = lowest(best[contender], await measureIdle(generator, servers[contender]));
        }
      }
      return figures(best.baseline, best.awake, best.hibernated);
    },
  };
}
