// Runs the Redis transport benchmarks against a redis-server of its own: one JSON line per figure, then the table.
// Built by tsconfig.bench.json with @corral/actor resolved to its built dist (run `pnpm --filter @corral/actor build` first).
import { startRedisServer } from '../test/support/redis-server.js';
import { callRoundTrips } from './call-latency.js';
import { corralRoundTrips, percentiles, rawRoundTrips } from './latency.js';
import { jsonLine, judge, table, type Figure, type Verdict } from './report.js';
import { corralThroughput, rawThroughput } from './throughput.js';

/** A hard bound: the suite takes well under a minute; past this something hangs, and the process exits. */
const DEADLINE_MS = 5 * 60_000;
const MESSAGES = 100_000;
const ROUND_TRIPS = 5_000;
const CALLS = 5_000;
const RUNS = 3;
/** About the size of a Corral packet carrying the benchmark's small message, for the raw baseline. */
const RAW_BYTES = 80;

async function figures(url: string): Promise<Figure[]> {
  const raw = await rawThroughput(url, MESSAGES, RUNS, RAW_BYTES);
  const corral = await corralThroughput(url, MESSAGES, RUNS);
  const out: Figure[] = [
    { bench: 'remote send throughput, 2 nodes over Redis (vs raw PUBLISH)', corral, baseline: raw, unit: 'msg/s', better: 'higher', target: { type: 'withinBaseline', factor: 2 } },
  ];
  const corralRtt = percentiles(await corralRoundTrips(url, ROUND_TRIPS));
  const rawRtt = percentiles(await rawRoundTrips(url, ROUND_TRIPS, RAW_BYTES));
  out.push(
    { bench: 'remote round trip p50 (vs raw PUBLISH ping-pong)', corral: corralRtt.p50, baseline: rawRtt.p50, unit: 'us', better: 'lower', target: { type: 'none' } },
    { bench: 'remote round trip p99 (vs raw PUBLISH ping-pong)', corral: corralRtt.p99, baseline: rawRtt.p99, unit: 'us', better: 'lower', target: { type: 'none' } },
  );
  const calls = await callRoundTrips(url, CALLS);
  const remoteCall = percentiles(calls.remote);
  const localCall = percentiles(calls.local);
  out.push(
    { bench: 'GenServer.call p50, to another node over Redis (vs a local call)', corral: remoteCall.p50, baseline: localCall.p50, unit: 'us', better: 'lower', target: { type: 'none' } },
    { bench: 'GenServer.call p50, remote (vs raw PUBLISH ping-pong)', corral: remoteCall.p50, baseline: rawRtt.p50, unit: 'us', better: 'lower', target: { type: 'none' } },
  );
  return out;
}

async function main(): Promise<void> {
  setTimeout(() => {
    console.error(`redis benchmarks still running after ${DEADLINE_MS / 1000} s; exiting`);
    process.exit(1);
  }, DEADLINE_MS).unref();
  const redis = await startRedisServer();
  const verdicts: Verdict[] = [];
  try {
    for (const figure of await figures(redis.url)) {
      const verdict = judge(figure);
      verdicts.push(verdict);
      console.log(jsonLine(verdict));
    }
  } finally {
    await redis.stop();
  }
  console.log('');
  console.log(`Corral over Redis vs raw ioredis on 127.0.0.1, both nodes and the raw clients in this process, redis-server of its own (node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(table(verdicts));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
