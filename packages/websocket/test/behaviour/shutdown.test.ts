// Ending a connection from the server side or by losing TCP: shutdown() sends 1000, server.close() 1001, a dropped socket nothing.
import { ok, reply, shutdown, text } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { OP, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { RawClient } from '../support/raw-client.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

const NORMAL = { type: 'normal', reason: 'shutdown' };

describe.each(variants)('%s', (_variant, wrap) => {
  /** Text `bye` or the message `bye` shuts down with the state `final`; other text is echoed. */
  async function stoppable() {
    const rec = record<string>({
      websocketInit: () => ok('initial'),
      websocketHandle: (f, _req, s) => (f.type === 'text' && f.data === 'bye' ? shutdown('final from handle') : reply(text(f.type === 'text' ? f.data : ''), s)),
      websocketInfo: (msg, _req, s) => (msg === 'bye' ? shutdown('final from info') : ok(`${s}+${String(msg)}`)),
    });
    const started = await h.serve(wrap(rec.handler));
    rec.watch(started.node);
    const client = await h.raw(started.port);
    return { rec, client, ...started, pid: await rec.pid };
  }

  it('closes with 1000, then TCP, when websocketHandle returns shutdown(state), and terminates with normal shutdown and that state', async () => {
    const { rec, client, pid } = await stoppable();
    client.write(textFrame('hi'), textFrame('bye'), textFrame('never'));
    const end = await ending(client, rec);
    expect(end.wire).toBe(`${serverFrame(OP.text, 'hi')} 88 02 03 e8`);
    expect(end.reason).toEqual(NORMAL);
    expect((await rec.terminated).state).toBe('final from handle');
    expect(await rec.exited(pid)).toBe('normal');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:hi', 'handle text:bye', 'terminate normal shutdown']);
  });

  it('closes with 1000 when websocketInfo returns shutdown(state)', async () => {
    const { rec, client, node, pid } = await stoppable();
    node.send(pid, 'a');
    node.send(pid, 'bye');
    node.send(pid, 'never');
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 e8');
    expect(end.reason).toEqual(NORMAL);
    expect((await rec.terminated).state).toBe('final from info');
    expect(rec.log).toEqual(['init', 'websocketInit', 'info a', 'info bye', 'terminate normal shutdown']);
  });

  it('shows a ws client the close code 1000 after shutdown()', async () => {
    const { port } = await stoppable();
    const client = await h.ws(port);
    client.ws.send('bye');
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
  });

  it('sends nothing and terminates with error closed when the client drops TCP without a close frame', async () => {
    const { rec, client, pid, server } = await stoppable();
    client.write(textFrame('hi'));
    expect(await client.readHex(4)).toBe(serverFrame(OP.text, 'hi'));
    client.destroy();
    expect((await rec.terminated).reason).toMatchObject({ type: 'error', error: 'closed' });
    await rec.exited(pid);
    expect(server.connections()).toEqual([]);
  });

  it('sends no close frame and terminates with error closed when the client half-closes TCP', async () => {
    const { rec, client } = await stoppable();
    client.end();
    const end = await ending(client, rec);
    expect(end.wire).toBe('');
    expect(end.reason).toMatchObject({ type: 'error', error: 'closed' });
  });

  it('terminates with error closed when TCP ends in the middle of a frame', async () => {
    const { rec, client } = await stoppable();
    client.write(textFrame('never complete').subarray(0, 8));
    client.end();
    const end = await ending(client, rec);
    expect(end.wire).toBe('');
    expect(end.reason).toMatchObject({ type: 'error', error: 'closed' });
    expect(rec.log).toEqual(['init', 'websocketInit', 'terminate error closed']);
  });

  it('closes every connection with 1001 on server.close(), terminates each with normal shutdown, and resolves after', async () => {
    const one = record();
    const { port, server } = await h.serve(wrap(one.handler));
    const a = await h.raw(port);
    const b = await h.raw(port);
    const closing = server.close();
    const [wireA, wireB] = await Promise.all([a.restHex(), b.restHex()]);
    await closing;
    expect([wireA, wireB]).toEqual(['88 02 03 e9', '88 02 03 e9']);
    const terminations = one.calls.filter((c) => c.name === 'websocketTerminate').map((c) => c.args[0]);
    expect(terminations).toEqual([NORMAL, NORMAL]);
    expect(server.connections()).toEqual([]);
  });

  it('refuses new connections once server.close() resolved', async () => {
    const rec = record();
    const { port, server } = await h.serve(wrap(rec.handler));
    await server.close();
    await expect(RawClient.connect(port)).rejects.toThrow();
  });
});
