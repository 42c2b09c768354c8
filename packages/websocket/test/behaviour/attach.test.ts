// attach: the same contract on an existing node:http server, whose own requests stay its own.
import { createNode, type Node } from '@corral/actor';
import { createRecordingLogger } from '@corral/actor/testing';
import { attach, reply, route, text, type Server } from '@corral/websocket';
import { createServer, get, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { closeFrame, OP, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
let http: HttpServer | undefined;
let server: Server | undefined;
let node: Node | undefined;

afterEach(async () => {
  await h.cleanup();
  await server?.close();
  await new Promise<void>((resolve) => (http?.listening === true ? http.close(() => resolve()) : resolve()));
  http?.closeAllConnections();
  node?.stop();
  [http, server, node] = [undefined, undefined, undefined];
});

/** An HTTP server that answers `plain http` to its own requests, with the handler attached at /ws. */
async function attached(handler: Parameters<typeof route>[1]): Promise<number> {
  http = createServer((_req, res) => res.end('plain http'));
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  node = createNode({ logger: createRecordingLogger() });
  server = attach(http, node, { routes: [route('/ws', handler)] });
  return (http.address() as AddressInfo).port;
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe.each(variants)('%s', (_variant, wrap) => {
  function echo() {
    return record({ websocketHandle: (f, _req, s) => reply(text(f.type === 'text' ? `echo ${f.data}` : '?'), s) });
  }

  it('upgrades requests to its routes and answers frames exactly as listen does', async () => {
    const rec = echo();
    const port = await attached(wrap(rec.handler));
    const client = await h.raw(port);
    expect(client.status).toBe(101);
    client.write(textFrame('hi'), closeFrame(4000, 'bye'));
    const end = await ending(client, rec);
    expect(end.wire).toBe(`${serverFrame(OP.text, 'echo hi')} 88 02 0f a0`);
    expect(end.reason).toEqual({ type: 'remote', code: 4000, reason: 'bye' });
  });

  it('leaves plain HTTP requests to the HTTP server', async () => {
    const rec = echo();
    const port = await attached(wrap(rec.handler));
    expect(await httpGet(port, '/anything')).toEqual({ status: 200, body: 'plain http' });
    expect(rec.log).toEqual([]);
  });

  it('closes its connections with 1001 on close() and leaves the HTTP server serving', async () => {
    const rec = echo();
    const port = await attached(wrap(rec.handler));
    const client = await h.raw(port);
    await server?.close();
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 e9');
    expect(end.reason).toEqual({ type: 'normal', reason: 'shutdown' });
    expect(await httpGet(port, '/')).toEqual({ status: 200, body: 'plain http' });
  });
});
