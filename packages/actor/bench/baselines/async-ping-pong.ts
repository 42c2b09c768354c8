// Baseline of async ping-pong: two async functions awaiting a promise-based mailbox (a queue and one waiter).
import { Latch, nsPer, type Subject } from '../harness.js';

/** A minimal async mailbox: `receive` resolves with the next message, at once when one is queued. */
class AsyncMailbox {
  private readonly queue: unknown[] = [];
  private waiter: ((msg: unknown) => void) | null = null;

  send(msg: unknown): void {
    const waiter = this.waiter;
    if (waiter === null) {
      this.queue.push(msg);
    } else {
      this.waiter = null;
      waiter(msg);
    }
  }

  receive(): Promise<unknown> {
    if (this.queue.length !== 0) return Promise.resolve(this.queue.shift());
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}

/** The baseline twin of Corral's async ping-pong: two loops bouncing a countdown through their mailboxes. */
export function startBaselineAsyncPingPong(roundTrips: number): Subject {
  let latch = new Latch(1);
  const a = new AsyncMailbox();
  const b = new AsyncMailbox();
  const loop = async (self: AsyncMailbox, peer: AsyncMailbox): Promise<void> => {
    for (;;) {
      const left = (await self.receive()) as number;
      if (left === 0) latch.tick();
      else peer.send(left - 1);
    }
  };
  void loop(a, b);
  void loop(b, a);
  const messages = 2 * roundTrips;
  return {
    async measure() {
      latch = new Latch(1);
      const start = performance.now();
      a.send(messages);
      return nsPer(start, await latch.done, messages);
    },
    close: () => {},
  };
}
