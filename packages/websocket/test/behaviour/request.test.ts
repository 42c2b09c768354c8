// The Req every callback gets: method, path, parsed query, headers, route bindings (:name), the rest of a [...] route, and the peer.
import { ok, route, type Req } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { closeFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

describe.each(variants)('%s', (_variant, wrap) => {
  /** Serves `chat` at '/chat/:room', `files` at '/files/[...]' and `plain` at '/ws'; returns the port. */
  async function routed() {
    const chat = record();
    const files = record();
    const plain = record();
    const { port } = await h.listen([
      route('/chat/:room', wrap(chat.handler)),
      route('/files/[...]', wrap(files.handler)),
      route('/ws', wrap(plain.handler)),
    ]);
    return { port, chat, files, plain };
  }

  function reqOf(rec: ReturnType<typeof record>, name = 'websocketInit'): Req {
    return rec.calls.find((c) => c.name === name)?.args[0] as Req;
  }

  it('binds the :room segment of /chat/:room in req.bindings, with the path and no rest', async () => {
    const { port, chat } = await routed();
    await h.raw(port, { path: '/chat/lobby' });
    const req = reqOf(chat);
    expect(req.bindings).toEqual({ room: 'lobby' });
    expect(req.path).toBe('/chat/lobby');
    expect(req.rest).toBeUndefined();
    expect(req.method).toBe('GET');
  });

  it('puts what /files/[...] matched in req.rest, without its leading slash', async () => {
    const { port, files } = await routed();
    await h.raw(port, { path: '/files/a/b/c.txt' });
    expect(reqOf(files).rest).toBe('a/b/c.txt');
    expect(reqOf(files).bindings).toEqual({});
  });

  it('parses the query string, with repeated keys as arrays and percent-decoding, and leaves it out of req.path', async () => {
    const { port, chat } = await routed();
    await h.raw(port, { path: '/chat/room%201?x=1&x=2&y=3&name=a%20b&empty=' });
    const req = reqOf(chat);
    expect(req.query).toEqual({ x: ['1', '2'], y: '3', name: 'a b', empty: '' });
    expect(req.path).toBe('/chat/room%201');
    expect(req.bindings).toEqual({ room: 'room 1' });
  });

  it('gives an empty query when the request has none', async () => {
    const { port, plain } = await routed();
    await h.raw(port);
    expect(reqOf(plain).query).toEqual({});
  });

  it('passes the request headers with lower-cased names', async () => {
    const { port, plain } = await routed();
    await h.raw(port, { headers: { 'X-Token': 'secret', Origin: 'http://example.test' } });
    const req = reqOf(plain);
    expect(req.headers['x-token']).toBe('secret');
    expect(req.headers['origin']).toBe('http://example.test');
    expect(req.headers['sec-websocket-key']).toBe('dGhlIHNhbXBsZSBub25jZQ==');
  });

  it('gives the peer address and port of the client socket', async () => {
    const { port, plain } = await routed();
    const client = await h.raw(port);
    expect(reqOf(plain).peer).toEqual({ address: '127.0.0.1', port: client.socket.localPort });
  });

  it('gives init, websocketHandle, websocketInfo and websocketTerminate the same request data', async () => {
    const { port, chat } = await routed();
    const client = await h.raw(port, { path: '/chat/blue?k=v', headers: { 'X-Token': 't' } });
    client.write(textFrame('hello'), closeFrame(1000));
    await chat.terminated;
    const reqs = chat.calls.map((c) => c.args[c.name === 'init' || c.name === 'websocketInit' ? 0 : 1] as Req);
    expect(chat.log).toEqual(['init', 'websocketInit', 'handle text:hello', 'terminate remote 1000']);
    for (const req of reqs) {
      expect(req.bindings).toEqual({ room: 'blue' });
      expect(req.query).toEqual({ k: 'v' });
      expect(req.headers['x-token']).toBe('t');
      expect(req.path).toBe('/chat/blue');
    }
  });

  it('routes each path to its own handler', async () => {
    const { port, chat, files, plain } = await routed();
    await h.raw(port, { path: '/files/x' });
    await h.raw(port, { path: '/chat/y' });
    expect(files.log).toEqual(['init', 'websocketInit']);
    expect(chat.log).toEqual(['init', 'websocketInit']);
    expect(plain.log).toEqual([]);
  });

  it('answers 404 to /chat without a room and to /chat/a/b', async () => {
    const { port, chat } = await routed();
    expect((await h.raw(port, { path: '/chat' })).status).toBe(404);
    expect((await h.raw(port, { path: '/chat/a/b' })).status).toBe(404);
    expect(chat.log).toEqual([]);
  });

  it('answers 404 when a percent-encoded slash or dot segment would reach req.rest or a binding', async () => {
    const { port, chat, files } = await routed();
    expect((await h.raw(port, { path: '/files/..%2F..%2Fetc%2Fpasswd' })).status).toBe(404);
    expect((await h.raw(port, { path: '/files/a/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
    expect((await h.raw(port, { path: '/chat/..%2Fadmin' })).status).toBe(404);
    expect(files.log).toEqual([]);
    expect(chat.log).toEqual([]);
  });

  it('gives websocketInit the Req it got as a plain, serializable value', async () => {
    const rec = record<Req>({ websocketInit: (req) => ok(req) });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(textFrame('x'));
    await rec.until('handle text:x');
    const handled = rec.calls.find((c) => c.name === 'websocketHandle');
    expect(structuredClone(handled?.state)).toEqual(reqOf(rec));
  });
});
