import { createNode } from '@corral/actor';
import { createRecordingLogger } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEcho, type Echo } from '../src/echo.js';

let echo: Echo | undefined;
afterEach(async () => {
  await echo?.server.close();
  echo?.node.stop();
  echo = undefined;
});

function connect(url: string): Promise<WebSocket> {
  const client = new WebSocket(url);
  return new Promise((resolve, reject) => {
    client.once('open', () => resolve(client));
    client.once('error', reject);
  });
}

function nextMessage(client: WebSocket): Promise<{ data: string; isBinary: boolean }> {
  return new Promise((resolve) => client.once('message', (data, isBinary) => resolve({ data: String(data), isBinary })));
}

describe('the echo example', () => {
  it('listens on loopback and prints a ws URL with the bound port', async () => {
    echo = await startEcho({ port: 0 });
    expect(echo.url).toBe(`ws://127.0.0.1:${echo.server.address.port}/echo`);
    expect(echo.server.address.port).toBeGreaterThan(0);
  });

  it('sends every text message back as text and every binary message back as binary', async () => {
    echo = await startEcho({ node: createNode({ logger: createRecordingLogger() }), port: 0, host: '127.0.0.1' });
    const client = await connect(echo.url);
    const first = nextMessage(client);
    client.send('hello');
    expect(await first).toEqual({ data: 'hello', isBinary: false });
    const second = nextMessage(client);
    client.send(Buffer.from('bytes'));
    expect(await second).toEqual({ data: 'bytes', isBinary: true });
    client.close();
  });

  it('runs every connection as its own process on the given node, which ends when its client closes', async () => {
    const node = createNode({ logger: createRecordingLogger() });
    echo = await startEcho({ node, port: 0 });
    const [a, b] = await Promise.all([connect(echo.url), connect(echo.url)]);
    const pids = echo.server.connections();
    expect(new Set(pids).size).toBe(2);
    for (const pid of pids) expect(node.isAlive(pid)).toBe(true);
    const replies = Promise.all([nextMessage(a), nextMessage(b)]);
    a.send('from a');
    b.send('from b');
    expect((await replies).map((r) => r.data)).toEqual(['from a', 'from b']);
    const exits = pids.map((pid) => node.awaitExit(pid));
    a.close();
    b.close();
    expect(await Promise.all(exits)).toEqual(['normal', 'normal']);
    expect(echo.server.connections()).toEqual([]);
  });
});
