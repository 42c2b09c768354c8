// What the benchmarks need of an echo server under test: its URL, how many connections it has settled, and close.

/** An echo server running in this process, on 127.0.0.1. */
export interface EchoServer {
  /** The ws:// URL of its echo route. */
  readonly url: string;
  /** Connections open and settled (for a hibernating server: hibernated), counted by the server itself. */
  settled(): number;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}
