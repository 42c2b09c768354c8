// Mutation testing (`pnpm mutate`): StrykerJS over the files where a wrong answer is a wrong program; scores per file by scripts/mutation-scores.mjs.

/**
 * The mutated files. `ci: true` marks the set that CI mutates on every run (`pnpm mutate:ci`, part of
 * `pnpm test`): the pure decisions and the data structures with focused tests. The runtime's hot path
 * (mailbox, selective receive, run queue, exit signals, links, monitors) is covered by nearly every
 * test, so each of its mutants reruns most of the suite: `pnpm mutate` runs it (see docs/mutation-testing.md).
 */
export const TARGETS = [
  { file: 'packages/actor/src/runtime/exit-signal-policy.ts', ci: true },
  { file: 'packages/actor/src/supervisor/restart-strategy.ts', ci: true },
  { file: 'packages/actor/src/supervisor/restart-intensity.ts', ci: true },
  { file: 'packages/actor/src/pg/membership.ts', ci: true },
  // Out of CI until its hardening lands with its tests (88.7% on 2026-12-08: docs/mutation-testing.md).
  { file: 'packages/actor/src/distribution/wire.ts', ci: false },
  { file: 'packages/websocket/src/close-outcome.ts', ci: true },
  { file: 'packages/websocket/src/frame-validation.ts', ci: true },
  { file: 'packages/actor/src/runtime/mailbox.ts', ci: false },
  { file: 'packages/actor/src/runtime/async-runner.ts', ci: false },
  { file: 'packages/actor/src/runtime/run-queue.ts', ci: false },
  { file: 'packages/actor/src/runtime/exit-signals.ts', ci: false },
  { file: 'packages/actor/src/runtime/links.ts', ci: false },
  { file: 'packages/actor/src/runtime/monitors.ts', ci: false },
  { file: 'packages/actor/src/runtime/relations.ts', ci: false },
];

// pnpm keeps the runner out of the core package's own folder, where Stryker looks for plugins by default.
const vitestRunner = import.meta.resolve('@stryker-mutator/vitest-runner');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: TARGETS.map((t) => t.file),
  plugins: [vitestRunner],
  testRunner: 'vitest',
  // `related`: a mutant runs only the test files that import its file; perTest: only the tests that ran its code.
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Only the sources get Stryker's `// @ts-nocheck`: the README tests compare example files with the READMEs verbatim.
  disableTypeChecks: 'packages/*/src/**/*.ts',
  reporters: ['clear-text', 'progress', 'json'],
  clearTextReporter: { allowColor: false, logTests: false },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['reports', 'docs', 'test-artifacts', 'packages/*/dist', '.bench-build', '.bench-tmp'],
  concurrency: 2,
  cleanTempDir: 'always',
};
