// The connection process with a real ws client on loopback: upgrade, frames and messages, hibernation, flow control and the close table's main rows.
import { createNode, type Node, type Pid, type ProcessContext } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import {
  binary, close, listen, ok, reply, respond, route, shutdown, text, upgrade,
  type ListenOptions, type Server, type TerminateReason, type WebSocketHandler,
} from '@corral/websocket';
import { connect as tcpConnect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';

// ---- helpers ----------------------------------------------------------------------------------

interface Client {
  ws: WebSocket;
  next(): Promise<string | Buffer>;
  closed: Promise<{ code: number; reason: string }>;
}

interface Started {
  node: Node;
  server: Server;
  port: number;
  logger: RecordingLogger;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve<S>(handler: WebSocketHandler<S, undefined>, opts: Partial<ListenOptions> = {}, node?: Node): Promise<Started> {
  const logger = createRecordingLogger();
  const n = node ?? createNode({ logger });
  const server = await listen(n, { port: 0, routes: [route('/ws', handler as WebSocketHandler<unknown, undefined>)], ...opts });
  cleanups.push(async () => {
    await server.close();
    n.stop();
  });
  return { node: n, server, port: server.address.port, logger };
}

function client(port: number, path = '/ws', options: WebSocket.ClientOptions = {}): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, options);
  cleanups.push(() => ws.terminate());
  const queue: Array<string | Buffer> = [];
  const takers: Array<(m: string | Buffer) => void> = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const msg = isBinary ? data : data.toString('utf8');
    const take = takers.shift();
    if (take) take(msg);
    else queue.push(msg);
  });
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({
      ws,
      closed,
      next: () => {
        const msg = queue.shift();
        return msg === undefined ? new Promise((r) => takers.push(r)) : Promise.resolve(msg);
      },
    }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** A handler's hooks: its pid (at websocketInit) and the terminate it got. */
function hooks<S>() {
  let gotPid!: (pid: Pid) => void;
  let gotTerminate!: (t: { reason: TerminateReason; state: S }) => void;
  return {
    pid: new Promise<Pid>((r) => (gotPid = r)),
    terminated: new Promise<{ reason: TerminateReason; state: S }>((r) => (gotTerminate = r)),
    init(ctx: ProcessContext) {
      gotPid(ctx.self);
    },
    terminate(reason: TerminateReason, state: S) {
      gotTerminate({ reason, state });
    },
  };
}

/** A raw TCP client that upgrades to /ws, sending `extra` bytes in the same write as the request. */
function rawUpgrade(port: number, extra: Buffer = Buffer.alloc(0)): Promise<{ socket: Socket; received: Buffer[]; ended: Promise<Buffer> }> {
  const socket = tcpConnect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  const ended = new Promise<Buffer>((resolve) => socket.on('close', () => resolve(Buffer.concat(received))));
  const head = 'GET /ws HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n'
    + 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
  return new Promise((resolve) => socket.on('connect', () => {
    socket.write(Buffer.concat([Buffer.from(head), extra]));
    resolve({ socket, received, ended });
  }));
}

/** A masked client text frame (mask 0: the payload goes as it is). */
function maskedText(s: string): Buffer {
  const payload = Buffer.from(s);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/** The unmasked server text frames in `bytes`, after the 101 head. */
function serverTexts(bytes: Buffer): string[] {
  let at = bytes.indexOf('\r\n\r\n') + 4;
  const texts: string[] = [];
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    const len = bytes[at + 1]! & 0x7f;
    if (opcode === 1) texts.push(bytes.subarray(at + 2, at + 2 + len).toString());
    if (opcode === 8) texts.push(`close ${len >= 2 ? bytes.readUInt16BE(at + 2) : ''}`.trim());
    at += 2 + len;
  }
  return texts;
}

const echo: WebSocketHandler<undefined> = {
  websocketInit: () => ok(undefined),
  websocketHandle: (frame, _req, state) => (frame.type === 'text' || frame.type === 'binary' ? reply(frame, state) : ok(state)),
  websocketInfo: (msg, _req, state) => reply(text(String(msg)), state),
  websocketTerminate: () => undefined,
};

// ---- tests ------------------------------------------------------------------------------------

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
