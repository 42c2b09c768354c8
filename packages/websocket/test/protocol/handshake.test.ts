// The opening handshake on the wire: the exact 101, headers only from websocketInit, and 400/404 for requests that cannot upgrade.
import { ok } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { frame, OP } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { SAMPLE_ACCEPT, type RequestOptions } from '../support/raw-client.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

const badRequests: Array<[string, RequestOptions]> = [
  ['no Sec-WebSocket-Key', { headers: { 'Sec-WebSocket-Key': null } }],
  ['Sec-WebSocket-Version 7', { headers: { 'Sec-WebSocket-Version': '7' } }],
  ['no Sec-WebSocket-Version (hixie-76)', { headers: { 'Sec-WebSocket-Version': null } }],
  ['Sec-WebSocket-Version 14', { headers: { 'Sec-WebSocket-Version': '14' } }],
  ['the method POST', { method: 'POST', headers: { 'Content-Length': '0' } }],
  ['the method PUT', { method: 'PUT', headers: { 'Content-Length': '0' } }],
  ['no Upgrade header', { headers: { Upgrade: null, Connection: 'keep-alive' } }],
  ['Upgrade: h2c', { headers: { Upgrade: 'h2c' } }],
  ['a Connection header without the upgrade token', { headers: { Connection: 'keep-alive' } }],
];

describe.each(variants)('%s', (_variant, wrap) => {
  it('answers a valid upgrade with exactly 101, the accept value of the key, and no other header', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    const [statusLine] = client.head.split('\r\n');
    expect(statusLine).toBe('HTTP/1.1 101 Switching Protocols');
    expect(client.headers['upgrade']?.toLowerCase()).toBe('websocket');
    expect(client.headers['connection']?.toLowerCase()).toBe('upgrade');
    expect(client.headers['sec-websocket-accept']).toBe(SAMPLE_ACCEPT);
    expect(client.headers['sec-websocket-protocol']).toBeUndefined();
    expect(client.headers['sec-websocket-extensions']).toBeUndefined();
  });

  it('sends no byte after the 101 head until a frame is due', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(frame({ opcode: OP.ping, payload: 'first' }));
    expect(await client.readHex(7)).toBe('8a 05 66 69 72 73 74');
  });

  it('selects no subprotocol by itself when the client offers some', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port, { headers: { 'Sec-WebSocket-Protocol': 'chat, superchat' } });
    expect(client.status).toBe(101);
    expect(client.headers['sec-websocket-protocol']).toBeUndefined();
  });

  it('adds the headers websocketInit returns (a chosen subprotocol) to the 101', async () => {
    const rec = record({
      websocketInit: (req) => {
        const offered = String(req.headers['sec-websocket-protocol']).split(/,\s*/);
        return ok(undefined, { headers: { 'sec-websocket-protocol': offered[1] ?? 'none', 'x-corral': 'yes' } });
      },
    });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port, { headers: { 'Sec-WebSocket-Protocol': 'chat, superchat' } });
    expect(client.status).toBe(101);
    expect(client.headers['sec-websocket-protocol']).toBe('superchat');
    expect(client.headers['x-corral']).toBe('yes');
    expect(client.headers['sec-websocket-accept']).toBe(SAMPLE_ACCEPT);
  });

  it('gives a ws client the subprotocol websocketInit chose', async () => {
    const rec = record({ websocketInit: () => ok(undefined, { headers: { 'sec-websocket-protocol': 'v2' } }) });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.ws(port, '/ws', ['v1', 'v2']);
    expect(client.ws.protocol).toBe('v2');
  });

  it('accepts Sec-WebSocket-Version 8 as well as 13', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port, { headers: { 'Sec-WebSocket-Version': '8' } });
    expect(client.status).toBe(101);
    expect(client.headers['sec-websocket-accept']).toBe(SAMPLE_ACCEPT);
  });

  for (const [name, opts] of badRequests) {
    it(`answers 400 to an upgrade request with ${name}, and calls neither websocketInit nor websocketTerminate`, async () => {
      const rec = record();
      const { port } = await h.serve(wrap(rec.handler));
      const client = await h.raw(port, opts);
      expect(client.head.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 400 /);
      expect(rec.log.filter((l) => l !== 'init')).toEqual([]);
    });
  }

  it('answers 404 to an upgrade request for a path no route matches', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port, { path: '/nowhere' });
    expect(client.status).toBe(404);
    expect(rec.log).toEqual([]);
  });

  it('answers 404 to a path that only extends a route (/ws/more) or prefixes it (/w)', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    expect((await h.raw(port, { path: '/ws/more' })).status).toBe(404);
    expect((await h.raw(port, { path: '/w' })).status).toBe(404);
    expect(rec.log).toEqual([]);
  });
});
