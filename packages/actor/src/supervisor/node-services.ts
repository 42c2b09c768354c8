// How a supervisor process reaches its node's clock and logger (time is the node's, never Date.now).
import { CorralError } from '../kernel/corral-error.js';
import type { Logger } from '../runtime/logger.js';
import type { ProcessContext } from '../runtime/process-context.js';
import { Runtime } from '../runtime/runtime.js';

/** What a supervisor needs from its node besides its context: the time and the logger. */
export interface NodeServices {
  /** The node's clock, in ms (the simulated clock in tests). */
  now(): number;
  readonly logger: Logger;
}

/** The services of the node `ctx` runs on. */
export function nodeServices(ctx: ProcessContext): NodeServices {
  const home = ctx.self.home;
  if (!(home instanceof Runtime)) throw new CorralError('badOption', 'a supervisor runs on a node of this process');
  return { now: () => home.clock.now(), logger: home.logger };
}
