// listen's headersTimeout: an upgrade request whose headers trickle in is answered 408 and closed; an upgraded connection is not timed.
import { createNode } from '@corral/actor';
import { createRecordingLogger } from '@corral/actor/testing';
import { isWebSocketError, listen, ok, reply, route, text, type ListenOptions, type WebSocketHandler } from '@corral/websocket';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { textFrame } from './support/frames.js';
import { Harness } from './support/harness.js';

const h = new Harness();
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await h.cleanup();
});

const echo: WebSocketHandler<undefined> = {
  websocketInit: () => ok(undefined),
  websocketHandle: (f, _req, s) => (f.type === 'text' ? reply(text(f.data), s) : ok(s)),
  websocketInfo: (_m, _req, s) => ok(s),
  websocketTerminate: () => undefined,
};

/** Header lines of an upgrade to /ws, without the blank line that ends them. */
const HEADER_LINES = [
  'GET /ws HTTP/1.1', 'Host: 127.0.0.1', 'Upgrade: websocket', 'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13',
];
/** Padding header lines sent one every 50 ms: 40 of them take 2 s, ten times the timeout of the test. */
const SLOW_LINES = 40;

/** Sends the upgrade's header lines, then one padding line every 50 ms; resolves with what the server sent and how many padding lines went out before it closed. */
function slowloris(port: number): Promise<{ response: string; linesSent: number }> {
  const socket = connect({ port, host: '127.0.0.1' });
  sockets.push(socket);
  const received: Buffer[] = [];
  let linesSent = 0;
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => undefined);
  socket.write(HEADER_LINES.map((line) => `${line}\r\n`).join(''));
  const timer = setInterval(() => {
    if (linesSent === SLOW_LINES || socket.destroyed) return clearInterval(timer);
    socket.write(`X-Padding-${linesSent}: a\r\n`);
    linesSent++;
  }, 50);
  return new Promise((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ response: Buffer.concat(received).toString('latin1'), linesSent });
    });
  });
}

describe('listen with headersTimeout', () => {
  it('answers 408 and closes an upgrade whose headers take longer than the timeout', async () => {
    const { port, server } = await h.listen([route('/ws', echo)], { headersTimeout: 200 });
    const { response, linesSent } = await slowloris(port);
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(linesSent).toBeLessThan(SLOW_LINES);
    expect(server.connections()).toEqual([]);
  });

  it('does not time an upgraded connection: it echoes after idling past the timeout', async () => {
    const { port } = await h.listen([route('/ws', echo)], { headersTimeout: 200 });
    const client = await h.raw(port);
    expect(client.status).toBe(101);
    await new Promise((resolve) => setTimeout(resolve, 400));
    client.write(textFrame('still here'));
    expect((await client.read(12)).subarray(2).toString()).toBe('still here');
  });

  it('refuses a headersTimeout that is not a positive integer or Infinity with badOption', async () => {
    const node = createNode({ logger: createRecordingLogger() });
    const code = (opts: Partial<ListenOptions>) =>
      listen(node, { port: 0, routes: [], ...opts }).then(async (s) => (await s.close(), 'listening'), (e: unknown) => (isWebSocketError(e) ? e.code : String(e)));
    expect(await code({ headersTimeout: 0 })).toBe('badOption');
    expect(await code({ headersTimeout: 1.5 })).toBe('badOption');
    expect(await code({ headersTimeout: '10s' as unknown as number })).toBe('badOption');
    expect(await code({ headersTimeout: Infinity })).toBe('listening');
    node.stop();
  });
});
