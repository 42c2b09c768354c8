// whereisPg: the running pg scope of a given name on a node, found through its registered process.
import type { Node } from '../node/node.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { runtimeOf } from './pg-arguments.js';
import type { Pg } from './pg.js';
import { ScopeProcess } from './scope-process.js';

/**
 * The running scope named `scope` (default `'pg'`) on the node of `via`, or `undefined`. Use it
 * where a scope may have been restarted (by a supervisor) since a {@link Pg} was last handed out:
 * as in Erlang, a scope is reached by its name.
 */
export function whereisPg(via: Node | ProcessContext, scope = 'pg'): Pg | undefined {
  const runtime = runtimeOf(via, 'whereisPg');
  const handler = runtime.registry.lookup(scope)?.handler;
  return handler instanceof ScopeProcess && handler.pg?.alive === true ? handler.pg : undefined;
}
