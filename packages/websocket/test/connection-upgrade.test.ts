// A connection's upgrade decision, and its text replies.
import { createNode, type Pid } from '@corral/actor';
import { createRecordingLogger } from '@corral/actor/testing';
import { ok, reply, respond, shutdown, text, upgrade } from '@corral/websocket';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { cleanups, serve, client, echo } from './support/connection-harness.js';

describe('the upgrade decision', () => {
  async function status(port: number): Promise<number> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      ws.on('error', () => undefined);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
    });
  }

  it('refuses with 400 when websocketInit shuts down, and with the response it chose', async () => {
    const plain = await serve({ ...echo, websocketInit: () => shutdown() });
    expect(await status(plain.port)).toBe(400);
    const chosen = await serve({ ...echo, websocketInit: () => shutdown(undefined, { status: 403 }) });
    expect(await status(chosen.port)).toBe(403);
  });

  it('lets init refuse with a response, or replace the route options given to websocketInit', async () => {
    const refused = await serve({ ...echo, init: () => respond(401) });
    expect(await status(refused.port)).toBe(401);
    const seen: unknown[] = [];
    const replaced = await serve({
      ...echo,
      init: () => upgrade({ room: 'lobby' }) as never,
      websocketInit: (_req, opts) => (seen.push(opts), ok(undefined)),
    });
    await client(replaced.port);
    expect(seen).toEqual([{ room: 'lobby' }]);
  });

  it('answers 500 when websocketInit throws, never calls websocketTerminate, logs once and exits with the error', async () => {
    const boom = new Error('init failed');
    const logger = createRecordingLogger();
    const node = createNode({ logger });
    let terminated = false;
    let pid: Pid | undefined;
    let exited: Promise<unknown> | undefined;
    const started = await serve({
      ...echo,
      websocketInit: (_r, _o, ctx) => {
        pid = ctx.self;
        exited = node.awaitExit(ctx.self);
        throw boom;
      },
      websocketTerminate: () => void (terminated = true),
    }, {}, node);
    expect(await status(started.port)).toBe(500);
    expect(await exited).toBe(boom);
    expect(terminated).toBe(false);
    expect(logger.at('error')).toHaveLength(1);
    expect(logger.at('error')[0]?.meta).toMatchObject({ pid, route: '/ws', reason: boom });
  });

  it('applies the headers websocketInit gives to the 101 response', async () => {
    const { port } = await serve({ ...echo, websocketInit: () => ok(undefined, { headers: { 'sec-websocket-protocol': 'chat' } }) });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['chat', 'other']);
    cleanups.push(() => ws.terminate());
    await new Promise((resolve) => ws.once('open', resolve));
    expect(ws.protocol).toBe('chat');
  });
});

describe('text replies', () => {
  it('send the text replied, whether it is the frame received, a copy of its text, a changed frame or other text', async () => {
    const { port } = await serve<undefined>({
      websocketInit: () => ok(undefined),
      websocketHandle: (frame, _req, state) => {
        if (frame.type !== 'text') return ok(state);
        const changed = frame as { type: 'text'; data: string };
        const same = text(`${frame.data}`);
        changed.data = `${frame.data}!`;
        return reply([same, frame, text('é other'), text(same.data)], state);
      },
      websocketInfo: (_msg, _req, state) => ok(state),
      websocketTerminate: () => undefined,
    });
    const c = await client(port);
    c.ws.send('héllo');
    expect([await c.next(), await c.next(), await c.next(), await c.next()]).toEqual(['héllo', 'héllo!', 'é other', 'héllo']);
  });
});
