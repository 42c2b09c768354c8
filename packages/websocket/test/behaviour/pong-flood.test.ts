// A client that pings and never reads: the automatic pongs count against maxBackpressure (policy close: 1008; drop: pongs skipped).
import { createNode, type Node } from '@corral/actor';
import { createRecordingLogger } from '@corral/actor/testing';
import { attach, ok, reply, route, text, type Server, type TerminateReason, type WebSocketHandler } from '@corral/websocket';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { frame, OP, parseFrames, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import type { RawClient } from '../support/raw-client.js';

const h = new Harness();
let http: HttpServer | undefined;
let server: Server | undefined;
let node: Node | undefined;

afterEach(async () => {
  await h.cleanup();
  await server?.close();
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http?.listening === true ? http.close(() => resolve()) : resolve()));
  node?.stop();
  [http, server, node] = [undefined, undefined, undefined];
});

const LIMIT = 64 * 1024;
/** An empty masked ping: 6 bytes; its pong is 2 (`8a 00`). */
const PING = frame({ opcode: OP.ping });
/** Pings per write, and the most the client sends: 1.2 MB, far more than the loopback buffers take in 2-byte pongs. */
const BATCH = 10_000;
const MOST = 200_000;

/** What the server side of the connection held in user space: unsent bytes and writes not yet completed, at their peak. */
interface Peak {
  bytes: number;
  writes: number;
}

/** Records, after each write to `socket`, its unsent bytes and how many writes with a callback have not completed. */
function watchWrites(socket: Socket): Peak {
  const peak: Peak = { bytes: 0, writes: 0 };
  let pending = 0;
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      pending++;
      args[args.length - 1] = (...cbArgs: unknown[]) => {
        pending--;
        (last as (...a: unknown[]) => void)(...cbArgs);
      };
    }
    const result = write(...args);
    peak.bytes = Math.max(peak.bytes, socket.writableLength);
    peak.writes = Math.max(peak.writes, pending);
    return result;
  }) as Socket['write'];
  return peak;
}

/** A server with `handler` at /ws whose upgraded sockets are watched; resolves with the port and the first socket's peak. */
async function watchedServer(handler: WebSocketHandler<number>, onBackpressure: 'close' | 'drop'): Promise<{ port: number; peak: Promise<Peak> }> {
  http = createServer();
  const peak = new Promise<Peak>((resolve) => http?.once('upgrade', (_req, socket: Socket) => resolve(watchWrites(socket))));
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  node = createNode({ logger: createRecordingLogger() });
  server = attach(http, node, { routes: [route('/ws', handler)], maxBackpressure: LIMIT, onBackpressure });
  return { port: (http.address() as AddressInfo).port, peak };
}

/** Writes pings in batches (each after the last was taken by the kernel) until `stop` resolves or {@link MOST} were sent; returns how many. */
async function flood(client: RawClient, stop: Promise<unknown>): Promise<number> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const batch = Buffer.concat(Array.from({ length: BATCH }, () => PING));
  let sent = 0;
  while (!stopped && sent < MOST && !client.socket.destroyed) {
    await new Promise<void>((resolve) => client.socket.write(batch, () => resolve()));
    sent += BATCH;
  }
  return sent;
}

/** Resolves once the bytes received and not read end with `tail`. */
function receivedUntil(client: RawClient, tail: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const check = (): void => {
      const data = client.pending;
      if (data.length >= tail.length && data.subarray(data.length - tail.length).equals(tail)) {
        client.socket.off('data', check);
        resolve(data);
      }
    };
    client.socket.on('data', check);
    check();
  });
}

describe('a client that sends pings and never reads', () => {
  it('is closed with 1008 (backpressure) once its pongs pass maxBackpressure, the server holding at most the limit meanwhile', async () => {
    let handled = 0;
    let terminated: (reason: TerminateReason) => void = () => undefined;
    const reason = new Promise<TerminateReason>((resolve) => (terminated = resolve));
    const { port, peak } = await watchedServer({
      websocketInit: () => ok(0),
      websocketHandle: (_f, _req, n) => ok(n + 1, undefined),
      websocketInfo: (_m, _req, n) => ok(n),
      websocketTerminate: (r, _req, n) => {
        handled = n;
        terminated(r);
      },
    }, 'close');
    const client = await h.raw(port);
    client.pause();
    const sent = await flood(client, reason);
    expect(await reason).toEqual({ type: 'error', error: 'backpressure' });
    expect(server?.connections()).toEqual([]);
    // A queued pong counts 512 bytes besides its own: with 128 queued (64 KiB) one more passes, the next is over; plus the close frame.
    expect((await peak).writes).toBeLessThanOrEqual(130);
    expect((await peak).bytes).toBeLessThanOrEqual(LIMIT + 2 + 4);
    client.resume();
    const data = await client.rest(10_000);
    const frames = parseFrames(data);
    const last = frames.pop();
    expect(last).toMatchObject({ opcode: OP.close, payload: Buffer.from([0x03, 0xf0]) });
    expect(frames.every((f) => f.opcode === OP.pong && f.payload.length === 0)).toBe(true);
    expect(frames.length).toBeLessThanOrEqual(handled);
    expect(frames.length).toBeLessThan(sent);
  });

  it('with policy drop, skips the pongs while over the limit and stays open, still answering once the client reads', async () => {
    let count = 0;
    let flooded: () => void = () => undefined;
    const allHandled = new Promise<void>((resolve) => (flooded = resolve));
    const { port, peak } = await watchedServer({
      websocketInit: () => ok(0),
      websocketHandle: (f, _req, n) => {
        count = n + 1;
        if (count === MOST) flooded();
        return f.type === 'text' ? reply(text(`handled ${n}`), count) : ok(count);
      },
      websocketInfo: (_m, _req, n) => ok(n),
      websocketTerminate: () => undefined,
    }, 'drop');
    const client = await h.raw(port);
    client.pause();
    expect(await flood(client, new Promise(() => undefined))).toBe(MOST);
    await allHandled;
    expect(server?.connections()).toHaveLength(1);
    expect((await peak).writes).toBeLessThanOrEqual(129);
    expect((await peak).bytes).toBeLessThanOrEqual(LIMIT + 2);
    client.resume();
    client.write(textFrame('count'));
    const answer = Buffer.from(serverFrame(OP.text, `handled ${MOST}`).replaceAll(' ', ''), 'hex');
    const frames = parseFrames(await receivedUntil(client, answer));
    const pongs = frames.filter((f) => f.opcode === OP.pong).length;
    expect(frames.length).toBe(pongs + 1);
    expect(pongs).toBeLessThan(MOST);
  });
});
