// Shared harness of the connection tests: a server on port 0, ws and raw clients, recording hooks.
import { createNode, type Node, type Pid, type ProcessContext } from '@corral/actor';
import { createRecordingLogger, type RecordingLogger } from '@corral/actor/testing';
import { listen, ok, reply, route, text, type ListenOptions, type Server, type TerminateReason, type WebSocketHandler } from '@corral/websocket';
import { connect as tcpConnect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { afterEach} from 'vitest';

// ---- helpers ----------------------------------------------------------------------------------

export interface Client {
  ws: WebSocket;
  next(): Promise<string | Buffer>;
  closed: Promise<{ code: number; reason: string }>;
}

export interface Started {
  node: Node;
  server: Server;
  port: number;
  logger: RecordingLogger;
}

export const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function serve<S>(handler: WebSocketHandler<S, undefined>, opts: Partial<ListenOptions> = {}, node?: Node): Promise<Started> {
  const logger = createRecordingLogger();
  const n = node ?? createNode({ logger });
  const server = await listen(n, { port: 0, routes: [route('/ws', handler as WebSocketHandler<unknown, undefined>)], ...opts });
  cleanups.push(async () => {
    await server.close();
    n.stop();
  });
  return { node: n, server, port: server.address.port, logger };
}

export function client(port: number, path = '/ws', options: WebSocket.ClientOptions = {}): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, options);
  cleanups.push(() => ws.terminate());
  const queue: Array<string | Buffer> = [];
  const takers: Array<(m: string | Buffer) => void> = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const msg = isBinary ? data : data.toString('utf8');
    const take = takers.shift();
    if (take) take(msg);
    else queue.push(msg);
  });
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({
      ws,
      closed,
      next: () => {
        const msg = queue.shift();
        return msg === undefined ? new Promise((r) => takers.push(r)) : Promise.resolve(msg);
      },
    }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** A handler's hooks: its pid (at websocketInit) and the terminate it got. */
export function hooks<S>() {
  let gotPid!: (pid: Pid) => void;
  let gotTerminate!: (t: { reason: TerminateReason; state: S }) => void;
  return {
    pid: new Promise<Pid>((r) => (gotPid = r)),
    terminated: new Promise<{ reason: TerminateReason; state: S }>((r) => (gotTerminate = r)),
    init(ctx: ProcessContext) {
      gotPid(ctx.self);
    },
    terminate(reason: TerminateReason, state: S) {
      gotTerminate({ reason, state });
    },
  };
}

/** A raw TCP client that upgrades to /ws, sending `extra` bytes in the same write as the request. */
export function rawUpgrade(port: number, extra: Buffer = Buffer.alloc(0)): Promise<{ socket: Socket; received: Buffer[]; ended: Promise<Buffer> }> {
  const socket = tcpConnect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  const ended = new Promise<Buffer>((resolve) => socket.on('close', () => resolve(Buffer.concat(received))));
  const head = 'GET /ws HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n'
    + 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
  return new Promise((resolve) => socket.on('connect', () => {
    socket.write(Buffer.concat([Buffer.from(head), extra]));
    resolve({ socket, received, ended });
  }));
}

/** A masked client text frame (mask 0: the payload goes as it is). */
export function maskedText(s: string): Buffer {
  const payload = Buffer.from(s);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/** The unmasked server text frames in `bytes`, after the 101 head. */
export function serverTexts(bytes: Buffer): string[] {
  let at = bytes.indexOf('\r\n\r\n') + 4;
  const texts: string[] = [];
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    const len = bytes[at + 1]! & 0x7f;
    if (opcode === 1) texts.push(bytes.subarray(at + 2, at + 2 + len).toString());
    if (opcode === 8) texts.push(`close ${len >= 2 ? bytes.readUInt16BE(at + 2) : ''}`.trim());
    at += 2 + len;
  }
  return texts;
}

export const echo: WebSocketHandler<undefined> = {
  websocketInit: () => ok(undefined),
  websocketHandle: (frame, _req, state) => (frame.type === 'text' || frame.type === 'binary' ? reply(frame, state) : ok(state)),
  websocketInfo: (msg, _req, state) => reply(text(String(msg)), state),
  websocketTerminate: () => undefined,
};

// ---- tests ------------------------------------------------------------------------------------

