// The load generator's echo loop: every client sends, waits for its echo, records the round trip and sends again.
import type WebSocket from 'ws';
import type { EchoCommand, EchoReport, WindowEdge } from './generator-protocol.js';
import { quantile } from './harness.js';

/** Longest wait for the last echoes once the measured window has closed. */
const DRAIN_TIMEOUT_MS = 10_000;

type Phase = 'warmup' | 'measure' | 'drain' | 'done';

/** One run of the loop over already-open clients; `done` settles with the report. */
class EchoLoop {
  private phase: Phase = 'warmup';
  private inFlight = 0;
  private windowStart = 0n;
  private windowEnd = 0n;
  private readonly latenciesNs: number[] = [];
  private readonly sentAt: bigint[];
  private readonly expectedBytes: number;
  private resolve: (report: EchoReport) => void = () => {};
  private reject: (error: Error) => void = () => {};
  readonly done: Promise<EchoReport>;

  constructor(
    private readonly clients: readonly WebSocket[],
    private readonly cmd: EchoCommand,
    private readonly onWindow: (edge: WindowEdge) => void,
  ) {
    this.sentAt = new Array<bigint>(clients.length).fill(0n);
    this.expectedBytes = Buffer.byteLength(cmd.payload);
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  start(): void {
    this.clients.forEach((client, i) => {
      client.on('message', (data: Buffer, isBinary: boolean) => this.onEcho(i, data, isBinary));
      client.on('close', () => this.fail(new Error(`connection ${i} closed during the echo loop`)));
    });
    for (let i = 0; i < this.clients.length; i++) this.send(i);
    setTimeout(() => this.beginMeasuring(), this.cmd.warmupMs);
    setTimeout(() => this.beginDraining(), this.cmd.warmupMs + this.cmd.durationMs);
  }

  /** Removes the loop's listeners so the clients can be closed quietly. */
  detach(): void {
    for (const client of this.clients) {
      client.removeAllListeners('message');
      client.removeAllListeners('close');
    }
  }

  private send(i: number): void {
    this.inFlight++;
    this.sentAt[i] = process.hrtime.bigint();
    (this.clients[i] as WebSocket).send(this.cmd.payload);
  }

  private onEcho(i: number, data: Buffer, isBinary: boolean): void {
    const now = process.hrtime.bigint();
    this.inFlight--;
    if (isBinary || data.length !== this.expectedBytes) {
      this.fail(new Error(`connection ${i} got a wrong echo (${isBinary ? 'binary' : 'text'}, ${data.length} bytes)`));
      return;
    }
    if (this.phase === 'measure') this.latenciesNs.push(Number(now - (this.sentAt[i] as bigint)));
    if (this.phase === 'warmup' || this.phase === 'measure') this.send(i);
    else if (this.phase === 'drain' && this.inFlight === 0) this.finish();
  }

  private beginMeasuring(): void {
    if (this.phase !== 'warmup') return;
    this.phase = 'measure';
    this.windowStart = process.hrtime.bigint();
    this.onWindow('start');
  }

  private beginDraining(): void {
    if (this.phase !== 'measure') return;
    this.phase = 'drain';
    this.windowEnd = process.hrtime.bigint();
    this.onWindow('end');
    if (this.inFlight === 0) this.finish();
    else setTimeout(() => this.fail(new Error(`${this.inFlight} echoes never came back`)), DRAIN_TIMEOUT_MS).unref();
  }

  private finish(): void {
    this.phase = 'done';
    const sorted = Float64Array.from(this.latenciesNs).sort();
    this.resolve({
      type: 'echoed',
      messages: sorted.length,
      seconds: Number(this.windowEnd - this.windowStart) / 1e9,
      p50Us: quantile(sorted, 0.5) / 1e3,
      p99Us: quantile(sorted, 0.99) / 1e3,
    });
  }

  private fail(error: Error): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    this.reject(error);
  }
}

/**
 * Runs the echo loop of `cmd` over `clients` (all open) and reports echoes and latencies of the
 * measured window; `onWindow` is told as the window opens and closes.
 */
export async function echoLoop(clients: readonly WebSocket[], cmd: EchoCommand, onWindow: (edge: WindowEdge) => void): Promise<EchoReport> {
  const loop = new EchoLoop(clients, cmd, onWindow);
  loop.start();
  try {
    return await loop.done;
  } finally {
    loop.detach();
  }
}
