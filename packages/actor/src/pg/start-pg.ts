// startPg: starts a pg scope on a node, as a registered scope process and the Pg object that reads and changes it.
import { CorralError, isCorralError } from '../kernel/corral-error.js';
import type { Pid } from '../kernel/pid.js';
import { Node } from '../node/node.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { runtimeOf } from './pg-arguments.js';
import { Pg } from './pg.js';
import { ScopeProcess } from './scope-process.js';

/** Options of {@link startPg}. */
export interface PgOptions {
  /** The scope's name, registered for its process (default `'pg'`, Erlang's default scope). */
  scope?: string;
  /** Link the scope process to the calling process (a process context only), as a supervisor wants. */
  link?: boolean;
}

/**
 * Starts a pg scope (Erlang's `pg:start_link(Scope)`): spawns its process, registered under the
 * scope name with kind `'pg_scope'`, and returns the {@link Pg} to use it. Scopes are independent;
 * a node can run several under different names. A name already registered (the same scope started
 * twice) throws `alreadyStarted`; once the scope process has exited, the scope can be started again
 * (empty, as in Erlang). Pass a process context and `link: true` to link the scope to that process
 * (a supervisor child: `start: (ctx) => startPg(ctx, { link: true }).pid`).
 */
export function startPg(via: Node | ProcessContext, opts: PgOptions = {}): Pg {
  if (typeof opts !== 'object' || opts === null) throw new CorralError('badOption', 'startPg options must be an object');
  const scope = opts.scope ?? 'pg';
  if (typeof scope !== 'string' || scope.length === 0) throw new CorralError('badName', `startPg scope: ${String(scope)}`);
  const runtime = runtimeOf(via, 'startPg');
  const handler = new ScopeProcess(scope, runtime.logger);
  const spawnOpts = { name: scope, kind: 'pg_scope', link: opts.link };
  let pid: Pid;
  try {
    pid = via instanceof Node ? via.spawnHandler(handler, spawnOpts) : via.spawnHandler(handler, spawnOpts);
  } catch (error) {
    if (!isCorralError(error, 'nameTaken')) throw error;
    throw new CorralError('alreadyStarted', `pg scope ${scope} is ${String(runtime.whereis(scope))}`, { cause: error });
  }
  const pg = new Pg(runtime, scope, pid);
  handler.pg = pg;
  runtime.watchExit(pid, () => pg.close());
  return pg;
}
