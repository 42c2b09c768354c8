// The callbacks' order and data: init, websocketInit, then handle/info in arrival order with threaded state, then one websocketTerminate.
import { binary, ok, reply, route, text, upgrade } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

describe.each(variants)('%s', (_variant, wrap) => {
  /** An echo handler counting what it handled; `tick` messages are replied to as text. */
  function counter() {
    return record<number>({
      websocketInit: () => ok(0),
      websocketHandle: (f, _req, n) => (f.type === 'text' ? reply(text(`${f.data}:${n}`), n + 1) : f.type === 'binary' ? reply(binary(f.data), n + 1) : ok(n)),
      websocketInfo: (msg, _req, n) => reply(text(`info ${String(msg)}:${n}`), n + 10),
    });
  }

  it('calls init, websocketInit, websocketHandle and websocketInfo in arrival order, then websocketTerminate once', async () => {
    const rec = counter();
    const { port, node } = await h.serve(wrap(rec.handler));
    const client = await h.ws(port);
    client.ws.send('a');
    expect(await client.next()).toBe('a:0');
    node.send(await rec.pid, 'tick');
    expect(await client.next()).toBe('info tick:1');
    client.ws.send('b');
    expect(await client.next()).toBe('b:11');
    client.ws.close(1000, 'done');
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    await rec.terminated;
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:a', 'info tick', 'handle text:b', 'terminate remote 1000 done']);
  });

  it('passes every callback the state the previous one returned, websocketTerminate included', async () => {
    const rec = counter();
    const { port, node } = await h.serve(wrap(rec.handler));
    const client = await h.ws(port);
    client.ws.send('x');
    await client.next();
    node.send(await rec.pid, 'tick');
    await client.next();
    client.ws.close();
    const { state } = await rec.terminated;
    expect(rec.calls.map((c) => c.state)).toEqual([undefined, undefined, 0, 1, 11]);
    expect(state).toBe(11);
  });

  it('keeps structured state (arrays, maps, nested objects) from call to call', async () => {
    type State = { seen: string[]; counts: Map<string, number> };
    const rec = record<State>({
      websocketInit: () => ok({ seen: [], counts: new Map() }),
      websocketHandle: (f, _req, s) => {
        const word = f.type === 'text' ? f.data : f.type;
        const next = { seen: [...s.seen, word], counts: new Map(s.counts).set(word, (s.counts.get(word) ?? 0) + 1) };
        return reply(text(JSON.stringify([next.seen, [...next.counts]])), next);
      },
    });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.ws(port);
    for (const w of ['a', 'b', 'a']) client.ws.send(w);
    await client.next();
    await client.next();
    expect(await client.next()).toBe('[["a","b","a"],[["a",2],["b",1]]]');
  });

  it('echoes binary data to a ws client byte for byte', async () => {
    const rec = counter();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.ws(port);
    client.ws.send(Buffer.from([0, 1, 2, 254, 255]));
    expect(await client.next()).toEqual(Buffer.from([0, 1, 2, 254, 255]));
  });

  it('gives init and websocketInit the route options', async () => {
    const rec = record<string, { greeting: string }>({ websocketInit: (_req, opts) => ok(opts.greeting) });
    const { port } = await h.listen([route('/ws', wrap(rec.handler), { greeting: 'hello' })]);
    await h.ws(port);
    expect(rec.calls.map((c) => [c.name, c.args[1]])).toEqual([['init', { greeting: 'hello' }], ['websocketInit', { greeting: 'hello' }]]);
  });

  it('gives websocketInit the options init returned with upgrade(opts) instead of the route options', async () => {
    const rec = record<string, { greeting: string }>({
      init: (req) => upgrade({ greeting: `hi ${String(req.query['name'])}` }),
      websocketInit: (_req, opts) => ok(opts.greeting),
    });
    const { port } = await h.listen([route('/ws', wrap(rec.handler), { greeting: 'route' })]);
    await h.ws(port, '/ws?name=joe');
    expect(rec.calls.map((c) => c.args[1])).toEqual([{ greeting: 'route' }, { greeting: 'hi joe' }]);
  });

  it('keeps the route options when init returns upgrade() without options or nothing', async () => {
    const rec = record<string, { greeting: string }>({ init: () => upgrade(), websocketInit: (_req, opts) => ok(opts.greeting) });
    const { port } = await h.listen([route('/ws', wrap(rec.handler), { greeting: 'route' })]);
    await h.ws(port);
    expect(rec.calls.map((c) => c.args[1])).toEqual([{ greeting: 'route' }, { greeting: 'route' }]);
  });

  it('runs every callback in one process, the one server.connections() lists, which exits normally after websocketTerminate', async () => {
    const rec = counter();
    const { port, node, server } = await h.serve(wrap(rec.handler));
    rec.watch(node);
    const client = await h.ws(port);
    const pid = await rec.pid;
    expect(server.connections()).toEqual([pid]);
    client.ws.send('a');
    await client.next();
    client.ws.close(4000);
    expect(await rec.exited(pid)).toBe('normal');
    expect(new Set(rec.calls.map((c) => c.pid))).toEqual(new Set([pid]));
    expect(server.connections()).toEqual([]);
  });

  it('gives each connection its own process and state', async () => {
    const rec = counter();
    const { port, server } = await h.serve(wrap(rec.handler));
    const one = await h.ws(port);
    const two = await h.ws(port);
    one.ws.send('a');
    expect(await one.next()).toBe('a:0');
    one.ws.send('b');
    expect(await one.next()).toBe('b:1');
    two.ws.send('c');
    expect(await two.next()).toBe('c:0');
    const pids = rec.calls.filter((c) => c.name === 'websocketInit').map((c) => c.pid);
    expect(new Set(pids).size).toBe(2);
    expect(new Set(server.connections())).toEqual(new Set(pids));
  });
});
