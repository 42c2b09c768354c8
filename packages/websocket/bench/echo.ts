// Echo throughput and latency: N clients in the load-generator process, each in a send / wait-for-echo loop.
import type { Benchmark, StartEchoServer } from './benchmark.js';
import type { EchoServer } from './echo-server.js';
import type { EchoReport, WindowEdge } from './generator-protocol.js';
import { check, collectGarbage } from './harness.js';
import type { LoadGeneratorProcess } from './load-generator-process.js';
import type { Figure } from './report.js';

/** Alternating runs per server; each figure is the best of its server's runs. */
const REPS = 7;
const WARMUP_MS = 300;
const DURATION_MS = 1_500;
/** A small text message (32 bytes). */
const PAYLOAD = 'corral echo benchmark: 32 bytes.';
const WITHIN = 1.1;

/** The best run of one server: highest throughput, lowest p50, p99 and CPU per echo (each over all runs). */
interface Best {
  echoesPerSecond: number;
  p50Us: number;
  p99Us: number;
  cpuUsPerEcho: number;
}

const NONE: Best = { echoesPerSecond: 0, p50Us: Infinity, p99Us: Infinity, cpuUsPerEcho: Infinity };

/** CPU time (user + system, µs) this process has used, read as the generator's measured window opens and closes. */
class WindowCpu {
  private start: NodeJS.CpuUsage | undefined;
  private used: number | undefined;

  readonly onWindow = (edge: WindowEdge): void => {
    if (edge === 'start') this.start = process.cpuUsage();
    else if (this.start !== undefined) {
      const delta = process.cpuUsage(this.start);
      this.used = delta.user + delta.system;
    }
  };

  usedUs(): number {
    check(this.used !== undefined, 'the generator reported the edges of its measured window');
    return this.used as number;
  }
}

async function measure(generator: LoadGeneratorProcess, server: EchoServer, clients: number, best: Best): Promise<Best> {
  collectGarbage();
  const cpu = new WindowCpu();
  const cmd = { url: server.url, clients, payload: PAYLOAD, warmupMs: WARMUP_MS, durationMs: DURATION_MS };
  const report: EchoReport = await generator.echo(cmd, cpu.onWindow);
  check(report.messages > clients, `${clients} clients echoed ${report.messages} messages in ${report.seconds} s`);
  return {
    echoesPerSecond: Math.max(best.echoesPerSecond, report.messages / report.seconds),
    p50Us: Math.min(best.p50Us, report.p50Us),
    p99Us: Math.min(best.p99Us, report.p99Us),
    cpuUsPerEcho: Math.min(best.cpuUsPerEcho, cpu.usedUs() / report.messages),
  };
}

function figures(clients: number, corral: Best, baseline: Best): Figure[] {
  const bench = `echo, ${clients.toLocaleString('en-US')} clients`;
  const target = { type: 'withinBaseline', factor: WITHIN } as const;
  return [
    { bench: `${bench}: throughput`, corral: corral.echoesPerSecond, baseline: baseline.echoesPerSecond, unit: 'echoes/s', better: 'higher', target },
    { bench: `${bench}: p50 latency`, corral: corral.p50Us, baseline: baseline.p50Us, unit: 'us', better: 'lower', target },
    { bench: `${bench}: p99 latency`, corral: corral.p99Us, baseline: baseline.p99Us, unit: 'us', better: 'lower', target },
    {
      bench: `${bench}: server CPU per echo`, corral: corral.cpuUsPerEcho, baseline: baseline.cpuUsPerEcho, unit: 'us', better: 'lower',
      target: { type: 'none' },
    },
  ];
}

/** Echo with `clients` concurrent clients: Corral and the baseline measured alternately, REPS runs each. */
export function echoBenchmark(clients: number, startCorral: StartEchoServer, startBaseline: StartEchoServer): Benchmark {
  return {
    name: `echo-${clients}`,
    async run(generator) {
      const corral = await startCorral();
      const baseline = await startBaseline().catch(async (error: unknown) => {
        await corral.close();
        throw error;
      });
      let bestCorral = NONE;
      let bestBaseline = NONE;
      try {
        for (let i = 0; i < REPS; i++) {
          // Alternate which goes first, so neither always runs on a warmer or cooler machine.
          if (i % 2 === 0) bestCorral = await measure(generator, corral, clients, bestCorral);
          bestBaseline = await measure(generator, baseline, clients, bestBaseline);
          if (i % 2 === 1) bestCorral = await measure(generator, corral, clients, bestCorral);
        }
      } finally {
        await Promise.all([corral.close(), baseline.close()]);
      }
      return figures(clients, bestCorral, bestBaseline);
    },
  };
}
