// The mutation testing CI runs (`pnpm mutate:ci`): the files of stryker.config.mjs marked `ci`.
import all, { TARGETS } from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...all,
  mutate: TARGETS.filter((t) => t.ci).map((t) => t.file),
  reporters: ['clear-text', 'json'],
};
