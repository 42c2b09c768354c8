// Delivers exit signals without recursion: a process dying kills its links, which kill theirs, from one loop.
import type { ExitReason } from '../kernel/exit-reason.js';
import type { Pid } from '../kernel/pid.js';
import { ExitMessage } from '../kernel/system-message.js';
import { decideExitSignal } from './exit-signal-policy.js';
import type { Process } from './process.js';
import { DEAD, EXITING, TRAP_EXIT } from './process-flags.js';

/** What exit signals need from the node. */
export interface ExitSignalHost {
  deliver(p: Process, msg: unknown): void;
  terminate(p: Process, reason: ExitReason): void;
}

/**
 * The exit signals of one node. Signals raised while others are being applied (a chain of linked
 * processes dying) wait in a queue, so a chain of any length dies without deepening the stack.
 */
export class ExitSignals {
  private readonly queue: Array<{ from: Pid; to: Process; reason: ExitReason; viaLink: boolean }> = [];
  private applying = false;

  constructor(private readonly host: ExitSignalHost) {}

  /** Sends an exit signal from `from` to `to`; `viaLink` when `from` exited and they were linked. */
  send(from: Pid, to: Process, reason: ExitReason, viaLink: boolean): void {
    this.queue.push({ from, to, reason, viaLink });
    if (this.applying) return;
    this.applying = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        const s = this.queue[i]!;
        this.apply(s.from, s.to, s.reason, s.viaLink);
      }
    } finally {
      this.queue.length = 0;
      this.applying = false;
    }
  }

  private apply(from: Pid, to: Process, reason: ExitReason, viaLink: boolean): void {
    if ((to.flags & (EXITING | DEAD)) !== 0) return;
    const outcome = decideExitSignal({
      reason,
      viaLink,
      trapping: (to.flags & TRAP_EXIT) !== 0,
      fromSelf: from === to.pid,
    });
    switch (outcome.type) {
      case 'ignore':
        return;
      case 'message':
        this.host.deliver(to, new ExitMessage(from, reason));
        return;
      case 'exit':
        this.host.terminate(to, outcome.reason);
        return;
      default: {
        const never: never = outcome;
        throw new Error(`unknown exit signal outcome ${String(never)}`);
      }
    }
  }
}
