// The load generator's connections: opening ws clients a bounded number at a time, closing them all.
import WebSocket from 'ws';

/** Handshakes in flight at once (the server's listen backlog is 511). */
const CONNECT_CONCURRENCY = 200;
const HANDSHAKE_TIMEOUT_MS = 15_000;
/** After this, clients still closing are terminated (their sockets destroyed). */
const CLOSE_TIMEOUT_MS = 10_000;

function ignore(): void {}

function openClient(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const client = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    client.once('error', reject);
    client.once('open', () => {
      client.off('error', reject);
      // A later error ends in 'close', which the echo loop watches.
      client.on('error', ignore);
      resolve(client);
    });
  });
}

/** Opens `count` clients to `url`; on any failure terminates those it opened and rejects with the first error. */
export async function openClients(url: string, count: number): Promise<WebSocket[]> {
  const clients: WebSocket[] = [];
  let started = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (started < count && failure === undefined) {
      started++;
      try {
        clients.push(await openClient(url));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, CONNECT_CONCURRENCY) }, worker));
  if (failure !== undefined) {
    terminateClients(clients);
    throw failure;
  }
  return clients;
}

/** Closes every client with 1000 and waits for each close; terminates the stragglers after CLOSE_TIMEOUT_MS. */
export async function closeClients(clients: readonly WebSocket[]): Promise<void> {
  const closed = clients.map((client) =>
    client.readyState === WebSocket.CLOSED ? undefined : new Promise<void>((resolve) => client.once('close', () => resolve())));
  for (const client of clients) client.close(1000);
  const timer = setTimeout(() => terminateClients(clients), CLOSE_TIMEOUT_MS);
  try {
    await Promise.all(closed);
  } finally {
    clearTimeout(timer);
  }
}

/** Destroys every client's socket at once. */
export function terminateClients(clients: readonly WebSocket[]): void {
  for (const client of clients) client.terminate();
}
