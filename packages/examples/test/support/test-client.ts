// Test helper: a ws client that queues the server's JSON events and waits for the next one that matches.
import WebSocket from 'ws';

/** A server event as the test sees it. */
export type Event = { type: string } & Record<string, unknown>;

interface Waiter {
  match: (event: Event) => boolean;
  resolve: (event: Event) => void;
}

/** A WebSocket client to a test server; every text message is parsed as JSON and queued. */
export class TestClient {
  private readonly queue: Event[] = [];
  private readonly waiters: Waiter[] = [];
  /** Every event received, in order (consumed or not). */
  readonly seen: Event[] = [];
  /** Resolves with the close code and reason once the connection closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const event = JSON.parse(String(data)) as Event;
      this.seen.push(event);
      const i = this.waiters.findIndex((w) => w.match(event));
      if (i === -1) this.queue.push(event);
      else this.waiters.splice(i, 1)[0]!.resolve(event);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Connects to `url` (a ws:// URL) and resolves once open. */
  static async open(url: string): Promise<TestClient> {
    const socket = new WebSocket(url);
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Sends `value` as JSON text. */
  send(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  /** Sends raw text or bytes. */
  sendRaw(data: string | Buffer, opts: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: opts.binary ?? typeof data !== 'string' });
  }

  /**
   * The first queued or future event of `type` that `match` accepts (it is consumed; the events
   * before it stay queued). Rejects after `timeoutMs` with what was received, so a missing event fails
   * the test with a reason instead of hanging it.
   */
  next(type: string, match: (event: Event) => boolean = () => true, timeoutMs = 5000): Promise<Event> {
    const accepts = (event: Event): boolean => event.type === type && match(event);
    const i = this.queue.findIndex(accepts);
    if (i !== -1) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match: accepts,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no ${type} event within ${timeoutMs} ms; received ${JSON.stringify(this.seen)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The events received and not consumed by {@link next}. */
  pending(): Event[] {
    return [...this.queue];
  }

  /** Closes with 1000 and waits for the close. */
  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close(1000);
    await this.closed;
  }
}
