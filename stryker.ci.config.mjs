// The mutation testing CI runs (`pnpm mutate:ci`): the files of stryker.config.mjs marked `ci`.
import all, { TARGETS } from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...all,
  mutate: TARGETS.filter((t) => t.ci).map((t) => t.file),
  reporters: ['clear-text', 'json'],
  // Static mutants (module constants, evaluated once at import) rerun every test of their package:
  // about two thirds of the time for a tenth of the mutants. `pnpm mutate` runs them.
  ignoreStatic: true,
};
