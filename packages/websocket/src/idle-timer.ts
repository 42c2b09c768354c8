// The idle timeout of a connection: the time of the client's last data, and a timer message that re-arms for the rest.
import type { Clock, ProcessContext } from '@corral/actor';

/** The timer's message to its connection; one instance per arming, so a stale one is recognised and ignored. */
export class IdleCheck {}

/**
 * Cowboy's idle timeout: only data from the client resets it (messages do not). Rather than
 * cancelling a timer on every chunk, `touch` records the time and the timer, when it fires, re-arms
 * itself for what is left. Time comes from the node's clock, so a simulated clock drives it in tests.
 */
export class IdleTimer {
  private last: number;
  private current: IdleCheck | null = null;

  constructor(
    private readonly clock: Clock,
    /** Milliseconds; Infinity never fires. */
    private readonly timeout: number,
  ) {
    this.last = clock.now();
  }

  /** Data came from the client. */
  touch(): void {
    this.last = this.clock.now();
  }

  /** Starts the timer (nothing for an infinite timeout). */
  start(ctx: ProcessContext): void {
    if (Number.isFinite(this.timeout)) this.arm(this.timeout, ctx);
  }

  /** Handles a timer message: true when the client has been silent for the timeout, else re-arms (or ignores a stale one). */
  expired(check: IdleCheck, ctx: ProcessContext): boolean {
    if (check !== this.current) return false;
    const idle = this.clock.now() - this.last;
    if (idle >= this.timeout) return true;
    this.arm(this.timeout - idle, ctx);
    return false;
  }

  private arm(ms: number, ctx: ProcessContext): void {
    const check = new IdleCheck();
    this.current = check;
    ctx.sendAfter(ms, ctx.self, check);
  }
}
