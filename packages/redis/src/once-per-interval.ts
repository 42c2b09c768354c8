// OncePerInterval: says when a repeated event (a kind of refused message, an overflowing peer) is due to be logged again.
import type { Clock } from '@corral/actor';

/**
 * Rate-limits log lines per key: {@link due} is true for a key's first event and then at most once
 * per `intervalMs`, counting the events in between so the next line can say how many it stands for.
 * At most `maxKeys` keys are tracked (all are forgotten when that is reached), so memory stays bounded
 * whatever the keys are.
 */
export class OncePerInterval {
  private readonly keys = new Map<string, { at: number; since: number }>();

  constructor(private readonly clock: Clock, private readonly intervalMs: number, private readonly maxKeys = 1024) {}

  /** Counts an event of `key`; the number of events it stands for (itself included) when a line is due now, else 0. */
  due(key: string): number {
    const now = this.clock.now();
    const seen = this.keys.get(key);
    if (seen !== undefined && now - seen.at < this.intervalMs) {
      seen.since++;
      return 0;
    }
    if (seen === undefined && this.keys.size >= this.maxKeys) this.keys.clear();
    const events = (seen?.since ?? 0) + 1;
    this.keys.set(key, { at: now, since: 0 });
    return events;
  }
}
