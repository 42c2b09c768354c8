// listen and attach with a real ws client on loopback: routes, refusals, static files, limits, isolation of crashes and close.
import { createNode, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, type RecordingLogger } from '@corral/actor/testing';
import {
  attach, isWebSocketError, listen, ok, reply, route, staticFiles, text,
  type ListenOptions, type Req, type Route, type Server, type TerminateReason, type WebSocketHandler,
} from '@corral/websocket';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(routes: Route[], opts: Partial<ListenOptions> = {}): Promise<{ node: Node; server: Server; port: number; logger: RecordingLogger }> {
  const logger = createRecordingLogger();
  const node = createNode({ logger });
  const server = await listen(node, { port: 0, routes, ...opts });
  cleanups.push(async () => {
    await server.close();
    node.stop();
  });
  return { node, server, port: server.address.port, logger };
}

/** An open ws client with its next message and its close. */
async function open(port: number, pathname = '/ws', headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${pathname}`, { headers });
  cleanups.push(() => ws.terminate());
  ws.on('error', () => undefined);
  const messages: string[] = [];
  const waiting: Array<(m: string) => void> = [];
  ws.on('message', (data: Buffer) => {
    const w = waiting.shift();
    if (w) w(data.toString());
    else messages.push(data.toString());
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const next = (): Promise<string> => {
    const m = messages.shift();
    return m === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(m);
  };
  return { ws, next, closed };
}

/** The HTTP status an upgrade attempt gets. */
function upgradeStatus(port: number, pathname = '/ws', headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathname}`, { headers });
    ws.on('error', () => undefined);
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
  });
}

/** A plain HTTP request: status, headers and body. */
function get(port: number, pathname: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: pathname, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

const echo: WebSocketHandler<undefined> = {
  websocketInit: () => ok(undefined),
  websocketHandle: (frame, _req, state) => (frame.type === 'text' ? reply(text(frame.data), state) : ok(state)),
  websocketInfo: (msg, _req, state) => reply(text(String(msg)), state),
  websocketTerminate: () => undefined,
};

describe('listen', () => {
  it('binds 127.0.0.1 on a free port and lists its connections', async () => {
    const { server, port } = await start([route('/ws', echo)]);
    expect(server.address.address).toBe('127.0.0.1');
    expect(port).toBeGreaterThan(0);
    expect(server.connections()).toEqual([]);
    const c = await open(port);
    c.ws.send('hi');
    expect(await c.next()).toBe('hi');
    expect(server.connections()).toHaveLength(1);
  });

  it('gives the handler the request as plain data: path, query, bindings, rest, headers and peer', async () => {
    const reqs: Req[] = [];
    const keep: WebSocketHandler<undefined> = { ...echo, websocketInit: (req) => (reqs.push(req), ok(undefined)) };
    const { port } = await start([route('/chat/:room', keep), route('/files/[...]', keep)]);
    await open(port, '/chat/lobby?x=1&x=2&y=z', { 'x-test': 'yes' });
    await open(port, '/files/a/b%20c');
    expect(reqs[0]).toMatchObject({
      method: 'GET', path: '/chat/lobby', query: { x: ['1', '2'], y: 'z' }, bindings: { room: 'lobby' }, rest: undefined,
      peer: { address: '127.0.0.1' },
    });
    expect(reqs[0]?.headers['x-test']).toBe('yes');
    expect(reqs[1]).toMatchObject({ path: '/files/a/b%20c', bindings: {}, rest: 'a/b c' });
  });

  it('gives each route its own handler options', async () => {
    const seen: unknown[] = [];
    const withOpts: WebSocketHandler<undefined, { name: string }> = {
      ...(echo as unknown as WebSocketHandler<undefined, { name: string }>),
      websocketInit: (_req, opts) => (seen.push(opts.name), ok(undefined)),
    };
    const { port } = await start([route('/a', withOpts, { name: 'a' }), route('/b', withOpts, { name: 'b' })]);
    await open(port, '/b');
    await open(port, '/a');
    expect(seen).toEqual(['b', 'a']);
  });

  it('refuses an upgrade to no route with 404, a bad handshake with 400, a foreign origin with 403', async () => {
    const { port } = await start([route('/ws', echo)], { allowedOrigins: ['http://good.example'] });
    expect(await upgradeStatus(port, '/nowhere')).toBe(404);
    const version7 = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '7', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    expect(await get(port, '/ws', 'GET', version7)).toMatchObject({ status: 400, headers: { 'sec-websocket-version': '13, 8' } });
    expect(await upgradeStatus(port, '/ws', { origin: 'http://evil.example' })).toBe(403);
    await open(port, '/ws', { origin: 'http://good.example' });
  });

  it('refuses connections over maxConnections with 503', async () => {
    const { port } = await start([route('/ws', echo)], { maxConnections: 1 });
    const first = await open(port);
    expect(await upgradeStatus(port)).toBe(503);
    first.ws.close();
    await first.closed;
  });

  it('serves static files with GET and HEAD, 405 for other methods, 404 for the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'corral-static-'));
    writeFileSync(path.join(dir, 'index.html'), '<p>hi</p>');
    writeFileSync(path.join(dir, 'app.js'), 'export {};');
    const { port } = await start([route('/ws', echo), staticFiles('/', dir)]);
    expect(await get(port, '/app.js')).toMatchObject({ status: 200, body: 'export {};', headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(await get(port, '/')).toMatchObject({ status: 200, body: '<p>hi</p>' });
    expect(await get(port, '/app.js', 'HEAD')).toMatchObject({ status: 200, body: '', headers: { 'content-length': '10' } });
    expect((await get(port, '/app.js', 'POST')).status).toBe(405);
    expect((await get(port, '/missing.css')).status).toBe(404);
    expect((await get(port, '/ws')).status).toBe(400);
  });

  it('rejects bad options with WebSocketError badOption, and bad routes with badRoute', async () => {
    const node = createNode();
    const bad = (opts: unknown) => listen(node, opts as ListenOptions).then(() => 'listening', (e: unknown) => (isWebSocketError(e) ? e.code : String(e)));
    expect(await bad({ port: 0, routes: [], maxFrameSize: 0 })).toBe('badOption');
    expect(await bad({ port: 0, routes: [], onBackpressure: 'ignore' })).toBe('badOption');
    expect(await bad({ port: 0, routes: [], colour: 'blue' })).toBe('badOption');
    expect(await bad({ port: -1, routes: [] })).toBe('badOption');
    expect(await bad({ port: 0, routes: [{ path: '/x' }] })).toBe('badRoute');
    expect(await bad({ port: 0, routes: [route('/x', echo), route('/x', echo)] })).toBe('duplicateRoute');
    node.stop();
  });

  it('rejects with the listen error when the port is taken', async () => {
    const { port } = await start([route('/ws', echo)]);
    const node = createNode();
    await expect(listen(node, { port, routes: [route('/ws', echo)] })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(node.processes()).toEqual([]);
  });
});

describe('a crash in one connection', () => {
  it('touches no other connection and is logged once with its pid and route', async () => {
    const pids: Pid[] = [];
    const crashing: WebSocketHandler<undefined> = {
      ...echo,
      websocketInit: (_req, _opts, ctx) => (pids.push(ctx.self), ok(undefined)),
      websocketHandle: (frame, _req, state) => {
        if (frame.type === 'text' && frame.data === 'crash') throw new Error('crashed on purpose');
        return reply(frame, state);
      },
    };
    const { node, port, server, logger } = await start([route('/ws', crashing)]);
    const a = await open(port);
    const b = await open(port);
    const [pidA, pidB] = pids as [Pid, Pid];
    const exitA = node.awaitExit(pidA);
    a.ws.send('crash');
    expect(await a.closed).toBe(1011);
    expect(await exitA).toMatchObject({ message: 'crashed on purpose' });
    b.ws.send('still here');
    expect(await b.next()).toBe('still here');
    expect(server.connections()).toEqual([pidB]);
    expect(logger.entries).toHaveLength(1);
    expect(logger.entries[0]).toMatchObject({ level: 'error', meta: { pid: pidA, route: '/ws' } });
  });
});

describe('server.close()', () => {
  it('closes every connection with 1001, waits for every websocketTerminate, and is idempotent', async () => {
    const reasons: TerminateReason[] = [];
    const { port, server, node } = await start([route('/ws', { ...echo, websocketTerminate: (reason) => void reasons.push(reason) })]);
    const clients = [await open(port), await open(port)];
    const pids = server.connections();
    const closing = server.close();
    expect(server.close()).toBe(closing);
    await closing;
    expect(reasons).toEqual([{ type: 'normal', reason: 'shutdown' }, { type: 'normal', reason: 'shutdown' }]);
    expect(pids.map((pid) => node.isAlive(pid))).toEqual([false, false]);
    expect(await Promise.all(clients.map((c) => c.closed))).toEqual([1001, 1001]);
    expect(server.connections()).toEqual([]);
    await expect(open(port)).rejects.toThrow();
  });
});

describe('attach', () => {
  it('serves upgrades on an existing HTTP server, leaves its requests alone, and leaves it running after close', async () => {
    const http = createServer((_req, res) => res.end('plain http'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
    const node = createNode();
    cleanups.push(() => node.stop());
    const server = attach(http, node, { routes: [route('/ws', echo)] });
    const port = (http.address() as AddressInfo).port;
    expect(server.address.port).toBe(port);
    const c = await open(port);
    c.ws.send('attached');
    expect(await c.next()).toBe('attached');
    expect((await get(port, '/anything')).body).toBe('plain http');
    await server.close();
    expect(await c.closed).toBe(1001);
    expect(http.listening).toBe(true);
    expect((await get(port, '/after')).body).toBe('plain http');
  });

  it('refuses staticFiles routes with badOption', () => {
    const http = createServer();
    const node = createNode();
    expect(() => attach(http, node, { routes: [staticFiles('/', '.')] })).toThrow(expect.objectContaining({ code: 'badOption' }));
    node.stop();
  });
});
