// What an exit signal does to its target: Erlang's rules, as a pure function.
import type { ExitReason } from '../kernel/exit-reason.js';

/** The outcome of one exit signal. */
export type ExitSignalOutcome =
  | { type: 'ignore' }
  | { type: 'message' }
  | { type: 'exit'; reason: ExitReason };

/** The facts that decide an exit signal's outcome. */
export interface ExitSignalFacts {
  reason: ExitReason;
  /** The target traps exits. */
  trapping: boolean;
  /** The signal comes from a link (the sender exited), not from `exit(pid, reason)`. */
  viaLink: boolean;
  /** The sender is the target itself (`exit(self, reason)`). */
  fromSelf: boolean;
}

const IGNORE: ExitSignalOutcome = { type: 'ignore' };
const MESSAGE: ExitSignalOutcome = { type: 'message' };
const KILLED: ExitSignalOutcome = { type: 'exit', reason: 'killed' };

/**
 * Erlang's rules: `exit(pid, 'kill')` cannot be trapped and ends the target with `'killed'`; a
 * trapping target gets an EXIT message; `'normal'` is ignored unless a process sends it to itself;
 * any other reason ends the target with that reason. (A link carrying `'kill'` is an ordinary reason.)
 */
export function decideExitSignal(facts: ExitSignalFacts): ExitSignalOutcome {
  const { reason } = facts;
  if (reason === 'kill' && !facts.viaLink) return KILLED;
  if (facts.trapping) return MESSAGE;
  if (reason === 'normal') return facts.fromSelf && !facts.viaLink ? { type: 'exit', reason } : IGNORE;
  return { type: 'exit', reason };
}
