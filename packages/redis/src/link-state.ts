// Whether a transport's two Redis connections are both usable, and the reports when that changes.
import { formatReason, type Logger } from '@corral/actor';
import type { Connection } from './connection.js';

/** The transport came up (connected and subscribed), or went down (`error`: the last one seen, if any). */
export type ConnectionEvent = { type: 'up' } | { type: 'down'; error: unknown };

/** Options of {@link LinkState}. */
export interface LinkStateOptions {
  /** Who speaks in the log (`node a@host`). */
  label: string;
  logger: Logger;
  /** Each time the link comes up or goes down. */
  onEvent?: (event: ConnectionEvent) => void;
  /** Each time the link comes back up after an outage (not the first time it is up), before `onEvent`. */
  onResumed?: () => void;
}

/**
 * Tracks the publisher and subscriber connections: the link is up when each is ready and has run its
 * `onReady` step (the subscriber subscribes there, on each reconnection). A lost link is logged as a
 * warning once per outage, its return as info (and reported to `onResumed`: packets may have been lost).
 */
export class LinkState {
  private readonly ready = new Map<string, boolean>();
  private wasUp = false;
  private everUp = false;
  private retired = false;
  private lastError: unknown = undefined;
  private firstUp: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  private readonly firstUpPromise: Promise<void>;

  constructor(private readonly options: LinkStateOptions) {
    this.firstUpPromise = new Promise((resolve, reject) => (this.firstUp = { resolve, reject }));
    this.firstUpPromise.catch(() => undefined);
  }

  /** True while every watched connection is ready. */
  get up(): boolean {
    if (this.ready.size === 0) return false;
    for (const ready of this.ready.values()) if (!ready) return false;
    return true;
  }

  /** Follows `connection`; `onReady` runs each time it becomes ready, before it counts as up. */
  watch(connection: Connection, role: string, onReady: () => Promise<void>): void {
    this.ready.set(role, false);
    connection.on('error', (error: unknown) => void (this.lastError = error));
    connection.on('close', () => this.mark(role, false));
    connection.on('ready', () => {
      onReady().then(
        () => this.mark(role, connection.status === 'ready'),
        (error: unknown) => {
          this.lastError = error;
          this.firstUp?.reject(error);
        },
      );
    });
  }

  /** Resolves the first time the link is up. */
  whenUp(): Promise<void> {
    return this.firstUpPromise;
  }

  /** The owner is closing the connections: what follows is not an outage, and a {@link whenUp} still waiting rejects. */
  retire(): void {
    this.retired = true;
    this.firstUp?.reject(new Error('stopped before the link came up'));
    this.firstUp = null;
  }

  private mark(role: string, ready: boolean): void {
    this.ready.set(role, ready);
    const up = this.up;
    if (up === this.wasUp || this.retired) return;
    this.wasUp = up;
    const { label, logger, onEvent, onResumed } = this.options;
    if (up) {
      const resumed = this.everUp;
      if (resumed) logger.info(`${label}: reconnected to Redis`);
      this.everUp = true;
      this.firstUp?.resolve();
      this.firstUp = null;
      if (resumed) onResumed?.();
      onEvent?.({ type: 'up' });
    } else {
      const why = this.lastError === undefined ? 'the connection closed' : formatReason(this.lastError);
      logger.warn(`${label}: lost its connection to Redis (${why}); reconnecting, packets sent meanwhile are dropped`);
      onEvent?.({ type: 'down', error: this.lastError });
      this.lastError = undefined;
    }
  }
}
