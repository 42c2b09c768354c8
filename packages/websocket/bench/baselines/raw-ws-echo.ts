// The baseline: a raw ws WebSocketServer on 127.0.0.1 that sends every message back as it came.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { EchoServer } from '../echo-server.js';

function ignore(): void {}

function closeServer(wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.terminate();
  return new Promise((resolve, reject) => wss.close((error) => (error === undefined ? resolve() : reject(error))));
}

/** Starts the raw ws echo server on a free port. */
export function startRawWsEcho(): Promise<EchoServer> {
  return new Promise((resolve, reject) => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) => {
      ws.on('error', ignore);
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
    wss.once('error', reject);
    wss.once('listening', () => {
      const { port } = wss.address() as AddressInfo;
      resolve({ url: `ws://127.0.0.1:${port}/echo`, settled: () => wss.clients.size, close: () => closeServer(wss) });
    });
  });
}
