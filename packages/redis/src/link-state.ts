// Whether a transport's two Redis connections are both usable, and the reports when that changes.
import { formatReason, type Logger } from '@corral/actor';
import type { Redis } from 'ioredis';

/** The transport came up (connected and subscribed), or went down (`error`: the last one seen, if any). */
export type ConnectionEvent = { type: 'up' } | { type: 'down'; error: unknown };

/**
 * Tracks the publisher and subscriber connections: the link is up when each is ready and has run its
 * `onReady` step (the subscriber subscribes there, on each reconnection). A lost link is logged as a
 * warning once per outage, its return as info.
 */
export class LinkState {
  private readonly ready = new Map<string, boolean>();
  private wasUp = false;
  private everUp = false;
  private retired = false;
  private lastError: unknown = undefined;
  private firstUp: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  private readonly firstUpPromise: Promise<void>;

  constructor(private readonly label: string, private readonly logger: Logger, private readonly onEvent?: (event: ConnectionEvent) => void) {
    this.firstUpPromise = new Promise((resolve, reject) => (this.firstUp = { resolve, reject }));
    this.firstUpPromise.catch(() => undefined);
  }

  /** True while every watched connection is ready. */
  get up(): boolean {
    return this.ready.size > 0 && [...this.ready.values()].every(Boolean);
  }

  /** Follows `connection`; `onReady` runs each time it becomes ready, before it counts as up. */
  watch(connection: Redis, role: string, onReady: () => Promise<void>): void {
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

  /** The owner is closing the connections: what follows is not an outage. */
  retire(): void {
    this.retired = true;
  }

  private mark(role: string, ready: boolean): void {
    this.ready.set(role, ready);
    const up = this.up;
    if (up === this.wasUp || this.retired) return;
    this.wasUp = up;
    if (up) {
      if (this.everUp) this.logger.info(`${this.label}: reconnected to Redis`);
      this.everUp = true;
      this.firstUp?.resolve();
      this.firstUp = null;
      this.onEvent?.({ type: 'up' });
    } else {
      const why = this.lastError === undefined ? 'the connection closed' : formatReason(this.lastError);
      this.logger.warn(`${this.label}: lost its connection to Redis (${why}); reconnecting, packets sent meanwhile are dropped`);
      this.onEvent?.({ type: 'down', error: this.lastError });
      this.lastError = undefined;
    }
  }
}
