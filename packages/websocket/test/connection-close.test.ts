// A connection's close: every way it ends, with a ws client and raw sockets.
import { createNode } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { binary, ok, reply, shutdown, text } from '@corral/websocket';
import { describe, expect, it } from 'vitest';
import { serve, client, hooks, rawUpgrade, serverTexts, echo } from './support/connection-harness.js';

describe('the close of a connection', () => {
  it('echoes an empty client close and terminates with remote', async () => {
    const h = hooks<undefined>();
    const { port } = await serve({ ...echo, websocketTerminate: (reason, _req, state) => h.terminate(reason, state) });
    const c = await client(port);
    c.ws.close();
    expect((await c.closed).code).toBe(1005);
    expect((await h.terminated).reason).toEqual({ type: 'remote' });
  });

  it('closes with 1000 on shutdown and hands websocketTerminate the state shutdown gave', async () => {
    const h = hooks<string>();
    const { port } = await serve({
      websocketInit: () => ok('initial'),
      websocketHandle: () => shutdown('final'),
      websocketInfo: (_m, _r, state) => ok(state),
      websocketTerminate: (reason, _req, state) => h.terminate(reason, state),
    });
    const c = await client(port);
    c.ws.send('stop');
    expect((await c.closed).code).toBe(1000);
    expect(await h.terminated).toEqual({ reason: { type: 'normal', reason: 'shutdown' }, state: 'final' });
  });

  it('closes with 1011 when a handler throws, terminates with the state from before the call, logs once and exits with the error', async () => {
    const h = hooks<number>();
    const boom = new Error('boom');
    const { port, node, logger } = await serve({
      websocketInit: (_r, _o, ctx) => (h.init(ctx), ok(1)),
      websocketHandle: (frame, _req, state) => {
        if (frame.type === 'text' && frame.data === 'crash') throw boom;
        return reply(text('fine'), state + 1);
      },
      websocketInfo: (_m, _r, state) => ok(state),
      websocketTerminate: (reason, _req, state) => h.terminate(reason, state),
    });
    const c = await client(port);
    const pid = await h.pid;
    const exited = node.awaitExit(pid);
    c.ws.send('ok');
    expect(await c.next()).toBe('fine');
    c.ws.send('crash');
    expect((await c.closed).code).toBe(1011);
    expect(await h.terminated).toEqual({ reason: { type: 'error', error: 'handler', cause: boom }, state: 2 });
    expect(await exited).toBe(boom);
    const errors = logger.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.meta).toMatchObject({ pid, route: '/ws', reason: boom });
  });

  it('treats a value that is not a result as a handler error', async () => {
    const h = hooks<undefined>();
    const { port, node } = await serve({
      ...echo,
      websocketInit: (_r, _o, ctx) => (h.init(ctx), ok(undefined)),
      websocketHandle: () => ({ type: 'ok', state: undefined }) as never,
      websocketTerminate: (reason, _req, state) => h.terminate(reason, state),
    });
    const c = await client(port);
    const exited = node.awaitExit(await h.pid);
    c.ws.send('x');
    expect((await c.closed).code).toBe(1011);
    const { reason } = await h.terminated;
    expect(reason).toMatchObject({ type: 'error', error: 'handler', cause: { code: 'badResult' } });
    expect(await exited).toMatchObject({ code: 'badResult' });
  });

  it('treats ctx.exit(reason) in a callback like Cowboy\'s catch: 1011, terminate with the reason, exit with it, no crash log', async () => {
    const h = hooks<undefined>();
    const { port, node, logger } = await serve({
      ...echo,
      websocketInit: (_r, _o, ctx) => (h.init(ctx), ok(undefined)),
      websocketHandle: (_f, _r, _s, ctx) => ctx.exit('normal'),
      websocketTerminate: (reason, _req, state) => h.terminate(reason, state),
    });
    const c = await client(port);
    const exited = node.awaitExit(await h.pid);
    c.ws.send('leave');
    expect((await c.closed).code).toBe(1011);
    expect((await h.terminated).reason).toEqual({ type: 'error', error: 'handler', cause: 'normal' });
    expect(await exited).toBe('normal');
    expect(logger.entries).toEqual([]);
  });

  it('closes with 1007 on invalid UTF-8 in a text message', async () => {
    const h = hooks<undefined>();
    const { port } = await serve({ ...echo, websocketTerminate: (reason, _req, state) => h.terminate(reason, state) });
    const c = await client(port);
    c.ws.send(Buffer.from([0xff, 0xfe]), { binary: false });
    expect((await c.closed).code).toBe(1007);
    expect((await h.terminated).reason).toMatchObject({ type: 'error', error: 'badencoding' });
  });

  it('closes with 1009 on a message over maxFrameSize', async () => {
    const h = hooks<undefined>();
    const { port } = await serve({ ...echo, websocketTerminate: (reason, _req, state) => h.terminate(reason, state) }, { maxFrameSize: 10 });
    const c = await client(port);
    c.ws.send('x'.repeat(11));
    expect((await c.closed).code).toBe(1009);
    expect((await h.terminated).reason).toMatchObject({ type: 'error', error: 'badsize' });
  });

  it('closes with 1002 on an unmasked client frame', async () => {
    const h = hooks<undefined>();
    const { port } = await serve({ ...echo, websocketTerminate: (reason, _req, state) => h.terminate(reason, state) });
    const raw = await rawUpgrade(port, Buffer.from([0x81, 0x02, 0x68, 0x69]));
    expect(serverTexts(await raw.ended)).toEqual(['close 1002']);
    expect((await h.terminated).reason).toMatchObject({ type: 'error', error: 'badframe' });
  });

  it('terminates with error closed when TCP goes away without a close frame', async () => {
    const h = hooks<undefined>();
    const { port } = await serve({ ...echo, websocketTerminate: (reason, _req, state) => h.terminate(reason, state) });
    const raw = await rawUpgrade(port);
    await new Promise<void>((resolve) => raw.socket.once('data', () => resolve()));
    raw.socket.end();
    expect((await h.terminated).reason).toEqual({ type: 'error', error: 'closed' });
  });

  it('closes with 1000 after the idle timeout, reset by client data but not by messages', async () => {
    const clock = createSimulatedClock();
    const node = createNode({ clock, logger: createRecordingLogger() });
    const h = hooks<undefined>();
    const { port } = await serve({
      ...echo,
      websocketInit: (_r, _o, ctx) => (h.init(ctx), ok(undefined, { timeout: 1000 })),
      websocketInfo: (_m, _r, state) => ok(state),
      websocketTerminate: (reason, _req, state) => h.terminate(reason, state),
    }, {}, node);
    const c = await client(port);
    const pid = await h.pid;
    clock.advance(600);
    c.ws.send('data at 600');
    expect(await c.next()).toBe('data at 600');
    node.send(pid, 'a message does not count');
    clock.advance(600);
    await runUntilIdle(node);
    expect(node.isAlive(pid)).toBe(true);
    clock.advance(400);
    expect((await c.closed).code).toBe(1000);
    expect((await h.terminated).reason).toEqual({ type: 'normal', reason: 'timeout' });
  });

  it('closes with 1008 when the outbound buffer is over maxBackpressure', async () => {
    const h = hooks<undefined>();
    const big = new Uint8Array(32 * 1024 * 1024);
    const { port } = await serve({
      ...echo,
      websocketHandle: (_f, _r, state) => reply([binary(big), text('over the limit')], state),
      websocketTerminate: (reason, _req, state) => h.terminate(reason, state),
    }, { maxBackpressure: 1024 });
    const c = await client(port, '/ws', { maxPayload: 64 * 1024 * 1024 });
    c.ws.send('go');
    expect(((await c.next()) as Buffer).length).toBe(big.length);
    expect((await c.closed).code).toBe(1008);
    expect((await h.terminated).reason).toEqual({ type: 'error', error: 'backpressure' });
  });

  it('destroys the socket of a killed connection without calling websocketTerminate', async () => {
    const h = hooks<undefined>();
    let terminated = false;
    const { port, node } = await serve({
      ...echo,
      websocketInit: (_r, _o, ctx) => (h.init(ctx), ok(undefined)),
      websocketTerminate: () => void (terminated = true),
    });
    const c = await client(port);
    node.exit(await h.pid, 'kill');
    expect((await c.closed).code).toBe(1006);
    expect(terminated).toBe(false);
  });
});
