// Validation of what spawn is given: a handler object, and the spawn options.
import { CorralError } from '../kernel/corral-error.js';
import type { SpawnOptions } from './process-context.js';

/** Throws `badHandler` unless `handler` has `init` and `handleMessage` functions (and `terminate`, if any, is one). */
export function validateHandler(handler: unknown): void {
  const h = handler as { init?: unknown; handleMessage?: unknown; terminate?: unknown } | null;
  if (typeof h !== 'object' || h === null || typeof h.init !== 'function' || typeof h.handleMessage !== 'function'
    || (h.terminate !== undefined && typeof h.terminate !== 'function')) {
    throw new CorralError('badHandler');
  }
}

/** Throws `badOption` for options of the wrong type, or `link` outside a process. */
export function validateSpawnOptions(opts: SpawnOptions | undefined, insideProcess: boolean): void {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null) throw new CorralError('badOption', 'spawn options must be an object');
  if (opts.name !== undefined && (typeof opts.name !== 'string' || opts.name.length === 0)) throw new CorralError('badName', String(opts.name));
  if (opts.kind !== undefined && typeof opts.kind !== 'string') throw new CorralError('badOption', 'kind must be a string');
  if (opts.link !== undefined && typeof opts.link !== 'boolean') throw new CorralError('badOption', 'link must be a boolean');
  if (opts.link === true && !insideProcess) throw new CorralError('badOption', 'link: only a process can link to the process it spawns');
}
