// Benchmark output: the one report of every package's benchmarks (packages/actor/bench/report.ts).
export * from '../../actor/bench/report.js';
