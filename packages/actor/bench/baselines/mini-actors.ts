// The hand-written baseline: actors with a queue array each, a FIFO run queue and one loop; no Corral.
import { Fifo } from './fifo.js';

/** What an actor does with one message: the next state. */
export type Behaviour<S> = (msg: unknown, state: S, system: MiniActors) => S;

/** What the run queue holds. */
export interface Runnable {
  readonly queue: unknown[];
  scheduled: boolean;
  run(system: MiniActors): void;
}

/** A minimal actor: a queue, a state and a behaviour shared by actors of its kind. */
export class Actor<S> implements Runnable {
  readonly queue: unknown[] = [];
  scheduled = false;

  constructor(
    public state: S,
    private readonly behaviour: Behaviour<S>,
  ) {}

  run(system: MiniActors): void {
    const q = this.queue;
    while (q.length !== 0) this.state = this.behaviour(q.shift(), this.state, system);
  }
}

/** The loop: `send` queues a message and the actor (once); `runUntilIdle` runs actors until none has messages. */
export class MiniActors {
  private readonly runQueue = new Fifo<Runnable>();

  send(to: Runnable, msg: unknown): void {
    to.queue.push(msg);
    if (!to.scheduled) {
      to.scheduled = true;
      this.runQueue.push(to);
    }
  }

  runUntilIdle(): void {
    for (let a = this.runQueue.shift(); a !== undefined; a = this.runQueue.shift()) {
      a.scheduled = false;
      a.run(this);
    }
  }
}
