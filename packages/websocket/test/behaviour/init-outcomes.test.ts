// What init and websocketInit decide before the 101: refusals and crashes answer HTTP, never upgrade, and never call websocketTerminate.
import { ok, respond, shutdown } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

describe.each(variants)('%s', (_variant, wrap) => {
  it('answers 500 when websocketInit throws, calls no websocketTerminate, and the process exits with the error', async () => {
    const boom = new Error('init failed');
    const rec = record({ websocketInit: () => { throw boom; } });
    const { port, node } = await h.serve(wrap(rec.handler));
    rec.watch(node);
    const client = await h.raw(port);
    expect(client.status).toBe(500);
    expect(await rec.exited()).toBe(boom);
    expect(rec.log).toEqual(['init', 'websocketInit']);
  });

  it('answers 400 when websocketInit returns shutdown(), without upgrading or calling websocketTerminate', async () => {
    const rec = record({ websocketInit: () => shutdown() });
    const { port, node } = await h.serve(wrap(rec.handler));
    rec.watch(node);
    const client = await h.raw(port);
    expect(client.status).toBe(400);
    expect(client.headers['sec-websocket-accept']).toBeUndefined();
    await rec.exited();
    expect(rec.log).toEqual(['init', 'websocketInit']);
  });

  it('answers with the response given to shutdown from websocketInit (ws8_init_shutdown: 403)', async () => {
    const rec = record({ websocketInit: () => shutdown(undefined, { status: 403, headers: { 'x-why': 'closed room' }, body: 'go away' }) });
    const { port, node } = await h.serve(wrap(rec.handler));
    rec.watch(node);
    const client = await h.raw(port);
    expect(client.status).toBe(403);
    expect(client.headers['x-why']).toBe('closed room');
    await rec.exited();
    expect(rec.log).toEqual(['init', 'websocketInit']);
  });

  it('answers the response init returns with respond(403) and never calls websocketInit', async () => {
    const rec = record({ init: () => respond(403), websocketInit: () => ok(undefined) });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    expect(client.status).toBe(403);
    expect(rec.log).toEqual(['init']);
  });

  it('sends the headers and body of respond(401, ...) from init', async () => {
    const rec = record({ init: () => respond(401, { headers: { 'www-authenticate': 'Bearer' }, body: 'who are you?' }) });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    expect(client.status).toBe(401);
    expect(client.headers['www-authenticate']).toBe('Bearer');
    expect((await client.rest(5000)).toString()).toContain('who are you?');
    expect(rec.log).toEqual(['init']);
  });

  it('answers 500 when init throws and never calls websocketInit', async () => {
    const rec = record({ init: () => { throw new Error('no'); } });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    expect(client.status).toBe(500);
    expect(rec.log).toEqual(['init']);
  });

  it('lets a refused client get its status through a ws client as an unexpected-response error', async () => {
    const rec = record({ init: () => respond(403) });
    const { port } = await h.serve(wrap(rec.handler));
    await expect(h.ws(port)).rejects.toThrow(/403/);
    expect(rec.log).toEqual(['init']);
  });

  it('lists no connection for a refused upgrade', async () => {
    const rec = record({ websocketInit: () => shutdown() });
    const { port, node, server } = await h.serve(wrap(rec.handler));
    rec.watch(node);
    await h.raw(port);
    await rec.exited();
    expect(server.connections()).toEqual([]);
  });
});
