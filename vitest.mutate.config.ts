// The test run that mutation testing (stryker.config.mjs) repeats per mutant: the actor and websocket tests, in-process ones only.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['packages/actor/test/**/*.test.ts', 'packages/websocket/test/**/*.test.ts'],
    exclude: ['packages/websocket/test/consumer/**'],
  },
});
