// The connection process with a real ws client on loopback: upgrade, frames and messages, hibernation, flow control and the close table's main rows.
import { type Pid } from '@corral/actor';
import { binary, close, ok, reply, text} from '@corral/websocket';
import { describe, expect, it } from 'vitest';
import { serve, client, hooks, rawUpgrade, maskedText, serverTexts, echo } from './support/connection-harness.js';

describe('a connection', () => {
  it('upgrades, echoes text and binary frames, and runs every callback in one process', async () => {
    const h = hooks<undefined>();
    const pids = new Set<Pid>();
    const { port } = await serve({
      websocketInit: (_req, _opts, ctx) => (h.init(ctx), pids.add(ctx.self), ok(undefined)),
      websocketHandle: (frame, _req, state, ctx) => (pids.add(ctx.self), frame.type === 'text' || frame.type === 'binary' ? reply(frame, state) : ok(state)),
      websocketInfo: (_msg, _req, state) => ok(state),
      websocketTerminate: (reason, _req, state, ctx) => (pids.add(ctx.self), h.terminate(reason, state)),
    });
    const c = await client(port);
    c.ws.send('hello');
    expect(await c.next()).toBe('hello');
    c.ws.send(Buffer.from([1, 2, 3]));
    expect(await c.next()).toEqual(Buffer.from([1, 2, 3]));
    c.ws.close(4000, 'bye');
    expect(await c.closed).toEqual({ code: 4000, reason: '' });
    expect((await h.terminated).reason).toEqual({ type: 'remote', code: 4000, reason: 'bye' });
    expect([...pids]).toEqual([await h.pid]);
  });

  it('passes messages from other processes to websocketInfo', async () => {
    const h = hooks<undefined>();
    const { port, node } = await serve({ ...echo, websocketInit: (_r, _o, ctx) => (h.init(ctx), ok(undefined)) });
    const c = await client(port);
    node.send(await h.pid, 'from outside');
    expect(await c.next()).toBe('from outside');
  });

  it('delivers a message sent to self in websocketInit before a frame that came with the upgrade request', async () => {
    const { port } = await serve({
      ...echo,
      websocketInit: (_req, _opts, ctx) => (ctx.send(ctx.self, 'post-init'), ok(undefined)),
      websocketHandle: (frame, _req, state) => reply([text(`got ${frame.type === 'text' ? frame.data : frame.type}`), close(1000)], state),
    });
    const raw = await rawUpgrade(port, maskedText('first'));
    expect(serverTexts(await raw.ended)).toEqual(['post-init', 'got first', 'close 1000']);
  });

  it('handles the frames of one TCP chunk before the next message in the mailbox', async () => {
    const { port } = await serve({
      ...echo,
      websocketHandle: (frame, _req, state, ctx) => {
        const data = frame.type === 'text' ? frame.data : '';
        if (data === 'a') ctx.send(ctx.self, 'message after a');
        return data === 'c' ? reply([text(data), close(1000)], state) : reply(text(data), state);
      },
    });
    const raw = await rawUpgrade(port, Buffer.concat([maskedText('a'), maskedText('b'), maskedText('c')]));
    expect(serverTexts(await raw.ended)).toEqual(['a', 'b', 'c', 'close 1000']);
  });

  it('keeps its state across messages while hibernating between them', async () => {
    const h = hooks<{ n: number }>();
    const { port, node } = await serve({
      websocketInit: (_r, _o, ctx) => (h.init(ctx), ok({ n: 0 }, { hibernate: true })),
      websocketHandle: (_frame, _req, state) => reply(text(`n=${state.n + 1}`), { n: state.n + 1 }, { hibernate: true }),
      websocketInfo: (_msg, _req, state) => reply(text(`info n=${state.n}`), state, { hibernate: true }),
      websocketTerminate: () => undefined,
    });
    const c = await client(port);
    const pid = await h.pid;
    for (const expected of ['n=1', 'n=2', 'n=3']) {
      c.ws.send('x');
      expect(await c.next()).toBe(expected);
      expect(node.processInfo(pid)?.status).toBe('hibernated');
    }
    node.send(pid, 'probe');
    expect(await c.next()).toBe('info n=3');
    expect(node.processInfo(pid)?.status).toBe('hibernated');
  });

  it('answers a ping with a pong before passing it to websocketHandle', async () => {
    const { port } = await serve({ ...echo, websocketHandle: (frame, _req, state) => reply(text(`handled ${frame.type}`), state) });
    const c = await client(port);
    const events: string[] = [];
    c.ws.on('pong', (data) => events.push(`pong ${data.toString()}`));
    c.ws.ping('abc');
    events.push(String(await c.next()));
    expect(events).toEqual(['pong abc', 'handled ping']);
  });

  it('sends a reply list in order and stops at the first close frame', async () => {
    const h = hooks<undefined>();
    const { port } = await serve({
      ...echo,
      websocketHandle: (_f, _r, state) => reply([text('one'), binary(Uint8Array.of(2)), close(4001, 'done'), text('never')], state),
      websocketTerminate: (reason, _req, state) => h.terminate(reason, state),
    });
    const c = await client(port);
    c.ws.send('go');
    expect([await c.next(), await c.next()]).toEqual(['one', Buffer.from([2])]);
    expect(await c.closed).toEqual({ code: 4001, reason: 'done' });
    expect((await h.terminated).reason).toEqual({ type: 'normal', reason: 'shutdown' });
  });

  it('stops reading the socket with active: false and handles the held frames in order on active: true', async () => {
    const h = hooks<undefined>();
    const { port, node } = await serve({
      ...echo,
      websocketInit: (_r, _o, ctx) => (h.init(ctx), ok(undefined)),
      websocketHandle: (frame, _req, state) =>
        frame.type === 'text' && frame.data === 'pause' ? reply(text('paused'), state, { active: false }) : reply(frame, state),
      websocketInfo: (msg, _req, state) => (msg === 'resume' ? reply(text('resumed'), state, { active: true }) : reply(text(String(msg)), state)),
    });
    const c = await client(port);
    c.ws.send('pause');
    expect(await c.next()).toBe('paused');
    c.ws.send('held 1');
    c.ws.send('held 2');
    node.send(await h.pid, 'info while paused');
    expect(await c.next()).toBe('info while paused');
    node.send(await h.pid, 'resume');
    expect([await c.next(), await c.next(), await c.next()]).toEqual(['resumed', 'held 1', 'held 2']);
  });

  it('negotiates permessage-deflate when compress is on, and not otherwise', async () => {
    const on = await serve(echo, { compress: true });
    const c = await client(on.port);
    expect(c.ws.extensions).toContain('permessage-deflate');
    c.ws.send('squeeze me');
    expect(await c.next()).toBe('squeeze me');
    const off = await serve(echo);
    expect((await client(off.port)).ws.extensions).toBe('');
  });
});
