// Counts the packets a node refuses, by reason, and logs each reason at most once per interval.
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';

/** Why a packet from another node was refused. */
export type RejectReason =
  /** Its bytes are not a frame, or its body not a packet. */
  | 'malformed'
  /** It names a sender that is not of its node, or a target that is not of this one, or it claims to come from this node. */
  | 'forged'
  /** It is from a node or incarnation that is not up, of a connection that has ended, or out of order on its connection (which then ends). */
  | 'unknown'
  /** Its sender is a node this one cannot take more of (too many nodes heard and not up). */
  | 'full';

/** How often one reason is logged, at most. */
export const LOG_INTERVAL_MS = 10_000;

/**
 * The refusal counters of one node: every refused packet is counted; the first of each reason is
 * logged, then at most one line per reason every {@link LOG_INTERVAL_MS}, saying how many were refused
 * since, so that a flood of bad packets cannot flood the log.
 */
export class Rejections {
  readonly counts: Record<RejectReason, number> = { malformed: 0, forged: 0, unknown: 0, full: 0 };
  private readonly lastLogged = new Map<RejectReason, { at: number; count: number }>();

  constructor(private readonly node: string, private readonly clock: Clock, private readonly logger: Logger) {}

  /** Counts a refused packet without a log line (its consequence is logged elsewhere). */
  count(reason: RejectReason): void {
    this.counts[reason]++;
  }

  /** Counts a refused packet from `from`, and logs `detail` unless this reason was logged recently. */
  reject(reason: RejectReason, from: string, detail: string): void {
    const count = ++this.counts[reason];
    const now = this.clock.now();
    const last = this.lastLogged.get(reason);
    if (last !== undefined && now - last.at < LOG_INTERVAL_MS) return;
    const since = last === undefined ? '' : ` (${count - last.count} refused for this reason since the last report)`;
    this.lastLogged.set(reason, { at: now, count });
    this.logger.warn(`node ${this.node}: dropped a packet from ${from.slice(0, 80)} (${reason}): ${detail}${since}`, { node: from, reason });
  }
}
