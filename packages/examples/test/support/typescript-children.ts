// Test helper: the Node.js options that make a child process run the workspace's TypeScript sources, without a build.
import { fileURLToPath } from 'node:url';

/**
 * `--conditions=source` (workspace packages resolve to their `src/`) and the redis package's module
 * hooks, which transpile each .ts file on load (packages/redis/test/support/ts-hooks.mjs).
 */
export const TYPESCRIPT_EXEC_ARGV = ['--conditions=source', '--import', new URL('../../../redis/test/support/register-ts.mjs', import.meta.url).href];

/** The path of a source file of this package, e.g. `src/cluster.ts`. */
export function sourcePath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}
