// decideExitSignal: Erlang's exit-signal rules as a table of facts and outcomes.
import { describe, expect, it } from 'vitest';
import { decideExitSignal, type ExitSignalFacts, type ExitSignalOutcome } from '../../src/runtime/exit-signal-policy.js';

const boom = new Error('boom');

interface Row {
  says: string;
  facts: ExitSignalFacts;
  outcome: ExitSignalOutcome;
}

const rows: Row[] = [
  // exit(pid, 'kill'): untrappable, the target ends with 'killed'.
  { says: "exit(pid, 'kill') ends a non-trapping target with 'killed'",
    facts: { reason: 'kill', trapping: false, viaLink: false, fromSelf: false }, outcome: { type: 'exit', reason: 'killed' } },
  { says: "exit(pid, 'kill') ends a trapping target with 'killed' (it cannot be trapped)",
    facts: { reason: 'kill', trapping: true, viaLink: false, fromSelf: false }, outcome: { type: 'exit', reason: 'killed' } },
  { says: "exit(self, 'kill') ends the caller with 'killed', trapping or not",
    facts: { reason: 'kill', trapping: true, viaLink: false, fromSelf: true }, outcome: { type: 'exit', reason: 'killed' } },
  // 'kill' arriving through a link is an ordinary reason.
  { says: "a link carrying 'kill' ends a non-trapping target with 'kill', not 'killed'",
    facts: { reason: 'kill', trapping: false, viaLink: true, fromSelf: false }, outcome: { type: 'exit', reason: 'kill' } },
  { says: "a link carrying 'kill' becomes an EXIT message for a trapping target",
    facts: { reason: 'kill', trapping: true, viaLink: true, fromSelf: false }, outcome: { type: 'message' } },
  // 'normal'.
  { says: "exit(pid, 'normal') from another process is ignored by a non-trapping target",
    facts: { reason: 'normal', trapping: false, viaLink: false, fromSelf: false }, outcome: { type: 'ignore' } },
  { says: "exit(self, 'normal') ends the caller with 'normal'",
    facts: { reason: 'normal', trapping: false, viaLink: false, fromSelf: true }, outcome: { type: 'exit', reason: 'normal' } },
  { says: "exit(self, 'normal') becomes an EXIT message when the caller traps exits",
    facts: { reason: 'normal', trapping: true, viaLink: false, fromSelf: true }, outcome: { type: 'message' } },
  { says: "exit(pid, 'normal') from another process becomes an EXIT message for a trapping target",
    facts: { reason: 'normal', trapping: true, viaLink: false, fromSelf: false }, outcome: { type: 'message' } },
  { says: "a linked process exiting 'normal' is ignored by a non-trapping target",
    facts: { reason: 'normal', trapping: false, viaLink: true, fromSelf: false }, outcome: { type: 'ignore' } },
  { says: "a linked process exiting 'normal' becomes an EXIT message for a trapping target",
    facts: { reason: 'normal', trapping: true, viaLink: true, fromSelf: false }, outcome: { type: 'message' } },
  // Any other reason.
  { says: "exit(pid, 'shutdown') ends a non-trapping target with 'shutdown'",
    facts: { reason: 'shutdown', trapping: false, viaLink: false, fromSelf: false }, outcome: { type: 'exit', reason: 'shutdown' } },
  { says: 'a linked process crashing ends a non-trapping target with the same reason',
    facts: { reason: boom, trapping: false, viaLink: true, fromSelf: false }, outcome: { type: 'exit', reason: boom } },
  { says: 'a linked process crashing becomes an EXIT message for a trapping target',
    facts: { reason: boom, trapping: true, viaLink: true, fromSelf: false }, outcome: { type: 'message' } },
  { says: "a link carrying 'killed' ends a non-trapping target with 'killed'",
    facts: { reason: 'killed', trapping: false, viaLink: true, fromSelf: false }, outcome: { type: 'exit', reason: 'killed' } },
  { says: 'exit(self, reason) ends a non-trapping caller with that reason',
    facts: { reason: { shutdown: 'bye' }, trapping: false, viaLink: false, fromSelf: true }, outcome: { type: 'exit', reason: { shutdown: 'bye' } } },
  { says: 'exit(pid, reason) becomes an EXIT message for a trapping target',
    facts: { reason: 'shutdown', trapping: true, viaLink: false, fromSelf: false }, outcome: { type: 'message' } },
];

describe('decideExitSignal', () => {
  it.each(rows)('$says', ({ facts, outcome }) => {
    expect(decideExitSignal(facts)).toEqual(outcome);
  });

  it('keeps the very reason object when the target exits with it', () => {
    const outcome = decideExitSignal({ reason: boom, trapping: false, viaLink: false, fromSelf: false });
    expect(outcome.type === 'exit' && outcome.reason).toBe(boom);
  });
});
