// Test helper: a WebSocket client on a bare node:net socket that writes exact bytes and reads exact server bytes.
import { connect, type Socket } from 'node:net';
import { hex } from './frames.js';

/** The key of RFC 6455's example handshake, and the accept value it must give. */
export const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

/** How the server closed the connection is awaited: long enough for a loaded machine, far below ws's 30 s closeTimeout. */
export const PROMPT_CLOSE_MS = 2000;

/** Options of {@link upgradeRequest}. */
export interface RequestOptions {
  path?: string;
  method?: string;
  /** Header overrides (names as written); `null` leaves the header out. */
  headers?: Record<string, string | null>;
}

/** The text of an HTTP/1.1 upgrade request, valid unless the options break it. */
export function upgradeRequest(opts: RequestOptions = {}): string {
  const headers: Record<string, string | null> = {
    Host: '127.0.0.1',
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': SAMPLE_KEY,
    ...opts.headers,
  };
  const lines = Object.entries(headers).flatMap(([name, value]) => (value === null ? [] : [`${name}: ${value}`]));
  return `${opts.method ?? 'GET'} ${opts.path ?? '/ws'} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Options of {@link RawClient.connect}. */
export interface ConnectOptions extends RequestOptions {
  /** The whole request text, instead of {@link upgradeRequest}'s. */
  request?: string;
  /** Bytes written in the same write as the request (frames sent together with the handshake). */
  extra?: Uint8Array;
}

interface Waiter {
  n: number;
  resolve: (data: Buffer) => void;
  reject: (error: Error) => void;
}

/** A raw client: {@link RawClient.connect} resolves once the response head has arrived. */
export class RawClient {
  status = 0;
  /** The response head's headers, lower-cased names. */
  headers: Record<string, string> = {};
  head = '';
  /** Set when the socket failed (ECONNRESET...); the connection then counts as ended. */
  error: Error | undefined;
  private buffer = Buffer.alloc(0);
  private headDone = false;
  private done = false;
  private readonly waiters: Waiter[] = [];
  private readonly endWaiters: Array<() => void> = [];
  private headWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('close', () => this.onEnd());
    socket.on('error', (error) => {
      this.error = error;
      this.onEnd();
    });
  }

  /** Connects to 127.0.0.1:`port`, writes the request (and `extra`), and waits for the response head. */
  static async connect(port: number, opts: ConnectOptions = {}, track?: (c: RawClient) => void): Promise<RawClient> {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    const client = new RawClient(socket);
    track?.(client);
    const request = Buffer.from(opts.request ?? upgradeRequest(opts), 'latin1');
    socket.write(opts.extra === undefined ? request : Buffer.concat([request, opts.extra]));
    await new Promise<void>((resolve, reject) => {
      if (client.headDone) resolve();
      else client.headWaiter = { resolve, reject };
    });
    return client;
  }

  /** Writes bytes (one socket write). Writes after the server closed are ignored. */
  write(...chunks: Uint8Array[]): void {
    if (!this.socket.destroyed) this.socket.write(Buffer.concat(chunks));
  }

  /** Writes each byte in its own socket write. */
  writeBytewise(data: Uint8Array): void {
    for (const b of data) this.write(Uint8Array.of(b));
  }

  /** The next `n` bytes from the server; rejects (showing what came) if the connection ends first. */
  read(n: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ n, resolve, reject });
      this.flush();
    });
  }

  /** The next `n` bytes as hex. */
  async readHex(n: number): Promise<string> {
    return hex(await this.read(n));
  }

  /** As many bytes as the hex `expected` holds, as hex (so `expect(await c.readLike(x)).toBe(x)`). */
  readLike(expected: string): Promise<string> {
    return this.readHex(expected.split(' ').length);
  }

  /** Resolves when the server has ended or closed the connection. */
  get ended(): Promise<void> {
    return this.done ? Promise.resolve() : new Promise((resolve) => this.endWaiters.push(resolve));
  }

  /** Every byte left until the connection ends; rejects if it has not ended within `ms`. */
  async rest(ms = PROMPT_CLOSE_MS): Promise<Buffer> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`connection still open ${ms} ms later; received so far: ${hex(this.buffer)}`)), ms);
    });
    try {
      await Promise.race([this.ended, deadline]);
    } finally {
      clearTimeout(timer);
    }
    const data = this.buffer;
    this.buffer = Buffer.alloc(0);
    return data;
  }

  /** {@link rest} as hex. */
  async restHex(ms?: number): Promise<string> {
    return hex(await this.rest(ms));
  }

  /** Bytes received and not read yet. */
  get pending(): Buffer {
    return this.buffer;
  }

  /** Stops reading from the socket (the server's writes back up). */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Half-closes: sends FIN without a close frame. */
  end(): void {
    this.socket.end();
  }

  /** Drops the connection without a close frame. */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (!this.headDone) this.parseHead();
    if (this.headDone) this.flush();
  }

  private parseHead(): void {
    const at = this.buffer.indexOf('\r\n\r\n');
    if (at < 0) return;
    this.head = this.buffer.subarray(0, at).toString('latin1');
    this.buffer = this.buffer.subarray(at + 4);
    const [statusLine = '', ...lines] = this.head.split('\r\n');
    this.status = Number(statusLine.split(' ')[1]);
    for (const line of lines) {
      const colon = line.indexOf(':');
      this.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    this.headDone = true;
    this.headWaiter?.resolve();
  }

  private flush(): void {
    if (!this.headDone) return;
    while (this.waiters.length > 0 && this.buffer.length >= (this.waiters[0] as Waiter).n) {
      const w = this.waiters.shift() as Waiter;
      const data = this.buffer.subarray(0, w.n);
      this.buffer = this.buffer.subarray(w.n);
      w.resolve(data);
    }
    if (!this.done) return;
    for (const w of this.waiters.splice(0)) {
      w.reject(new Error(`connection ended after ${hex(this.buffer)} (${this.buffer.length} bytes), ${w.n} expected`));
    }
  }

  private onEnd(): void {
    if (this.done) return;
    this.done = true;
    const why = this.error === undefined ? '' : ` (${this.error.message})`;
    this.headWaiter?.reject(new Error(`connection ended before a response head${why}: ${hex(this.buffer)}`));
    this.flush();
    for (const resolve of this.endWaiters.splice(0)) resolve();
  }
}
