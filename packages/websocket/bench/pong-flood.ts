// A bounded pong flood on loopback: one client sends 1,000,000 pings and never reads; prints the memory of this process (server and client) and what closed.
// Run: pnpm --filter @corral/actor build && cd packages/websocket && npx tsc -p tsconfig.bench.json
//   && node --expose-gc .bench-build/websocket/bench/pong-flood.js [payload bytes per ping, 0-125, default 0]
import { createNode } from '@corral/actor';
import { connect, type Socket } from 'node:net';
import { listen, ok, route, type TerminateReason } from '../src/index.js';

const PINGS = 1_000_000;
const BATCH = 10_000;
/** How long the run waits for the server to close the connection once every ping is sent. */
const WAIT_MS = 20_000;
const MIB = 1024 * 1024;
/** The payload of each ping, from the command line (0-125 bytes). */
const PAYLOAD = Math.min(125, Math.max(0, Number(process.argv[2] ?? 0)));
/** A masked ping with a zero payload of PAYLOAD bytes (masked with zeros, so the payload bytes are the mask's). */
const PING = Buffer.concat([Buffer.from([0x89, 0x80 | PAYLOAD, 0, 0, 0, 0]), Buffer.alloc(PAYLOAD)]);

function memory(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss / MIB, heap: (m.heapUsed + m.external) / MIB };
}

function upgrade(port: number): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
    + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  return new Promise((resolve, reject) => {
    socket.once('data', (head: Buffer) => (head.toString('latin1').startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(head.toString('latin1')))));
    socket.once('error', reject);
  });
}

async function main(): Promise<void> {
  const node = createNode();
  let handled = 0;
  let reason: TerminateReason | undefined;
  const server = await listen(node, {
    port: 0,
    routes: [route('/ws', {
      websocketInit: () => ok(undefined),
      websocketHandle: (_f, _req, s) => (handled++, ok(s)),
      websocketInfo: (_m, _req, s) => ok(s),
      websocketTerminate: (r) => void (reason = r),
    })],
  });
  const before = memory();
  const client = await upgrade(server.address.port);
  client.pause();
  let peakRss = before.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss / MIB)), 50);
  const batch = Buffer.concat(Array.from({ length: BATCH }, () => PING));
  let sent = 0;
  let closedAtSent: number | undefined;
  while (sent < PINGS && !client.destroyed) {
    await new Promise<void>((resolve) => client.write(batch, () => resolve()));
    sent += BATCH;
    if (reason !== undefined) closedAtSent ??= sent;
  }
  const deadline = Date.now() + WAIT_MS;
  while (reason === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  closedAtSent ??= reason === undefined ? undefined : sent;
  const during = { rss: peakRss, heapNow: memory().heap };
  clearInterval(sampler);
  let received = 0;
  let tail = Buffer.alloc(0);
  const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
  client.on('data', (chunk: Buffer) => {
    received += chunk.length;
    tail = Buffer.concat([tail, chunk]).subarray(-4);
  });
  client.resume();
  const open = reason === undefined;
  if (open) client.destroy();
  await ended;
  const after = memory();
  console.log(JSON.stringify({
    payloadBytes: PAYLOAD,
    pingsSent: sent,
    pingsHandled: handled,
    closedAfterPingsSent: closedAtSent ?? null,
    terminateReason: reason ?? 'still open',
    bytesReceivedByClient: received,
    lastFourBytes: tail.toString('hex'),
    memoryMiB: {
      before: { rss: before.rss.toFixed(1), heapAndBuffers: before.heap.toFixed(1) },
      peakRss: during.rss.toFixed(1),
      heapAndBuffersAfterFlood: during.heapNow.toFixed(1),
      afterClose: { rss: after.rss.toFixed(1), heapAndBuffers: after.heap.toFixed(1) },
    },
  }, null, 2));
  await server.close();
  node.stop();
}

await main();
