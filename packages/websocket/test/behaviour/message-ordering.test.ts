// Ordering of frames and messages: websocketInit's self-messages come first; one TCP chunk's frames before any message sent meanwhile.
import type { Pid, ProcessHandler } from '@corral/actor';
import { ok, reply, text } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { binaryFrame, OP, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

/** A process that answers every `{ to }` it gets by sending `relayed` to `to` at once. */
const relay: ProcessHandler<null> = {
  init: () => null,
  handleMessage(msg, state, ctx) {
    ctx.send((msg as { to: Pid }).to, 'relayed');
    return state;
  },
};

describe.each(variants)('%s', (_variant, wrap) => {
  it('delivers a message websocketInit sends itself before a client frame sent together with the handshake bytes', async () => {
    const rec = record({ websocketInit: (_req, _opts, ctx) => { ctx.send(ctx.self, 'post_init'); return ok(undefined); } });
    const { port } = await h.serve(wrap(rec.handler));
    await h.raw(port, { extra: Buffer.concat([textFrame('early'), binaryFrame('x')]) });
    await rec.until('handle binary:78');
    expect(rec.log).toEqual(['init', 'websocketInit', 'info post_init', 'handle text:early', 'handle binary:78']);
  });

  it('lets the handler reply from websocketInfo to its post_init message as the first frame after the 101', async () => {
    const rec = record({
      websocketInit: (_req, _opts, ctx) => { ctx.send(ctx.self, 'post_init'); return ok(undefined); },
      websocketInfo: (msg, _req, s) => reply(text(`hello after ${String(msg)}`), s),
    });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.ws(port);
    expect(await client.next()).toBe('hello after post_init');
  });

  it('handles every frame of one TCP chunk before a message another process sent meanwhile', async () => {
    const rec = record<Pid>({
      websocketInit: (_req, _opts, ctx) => ok(ctx.spawnHandler(relay)),
      websocketHandle: (f, _req, helper, ctx) => {
        if (f.type === 'text' && f.data === 'one') ctx.send(helper, { to: ctx.self });
        return ok(helper);
      },
    });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(textFrame('one'), textFrame('two'), textFrame('three'));
    await rec.until('info relayed');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:one', 'handle text:two', 'handle text:three', 'info relayed']);
  });

  it('handles every frame of one TCP chunk before a message the handler sent itself while handling the first', async () => {
    const rec = record({
      websocketHandle: (f, _req, s, ctx) => {
        if (f.type === 'text' && f.data === 'one') ctx.send(ctx.self, 'note to self');
        return reply(text(f.type === 'text' ? f.data : '?'), s);
      },
      websocketInfo: (msg, _req, s) => reply(text(String(msg)), s),
    });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(textFrame('one'), textFrame('two'));
    const expected = [serverFrame(OP.text, 'one'), serverFrame(OP.text, 'two'), serverFrame(OP.text, 'note to self')].join(' ');
    expect(await client.readLike(expected)).toBe(expected);
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:one', 'handle text:two', 'info note to self']);
  });

  it('delivers the messages of one sender to websocketInfo in the order they were sent', async () => {
    const rec = record();
    const { port, node } = await h.serve(wrap(rec.handler));
    await h.raw(port);
    const pid = await rec.pid;
    for (let i = 0; i < 20; i++) node.send(pid, `m${i}`);
    await rec.until('info m19');
    expect(rec.log.slice(2)).toEqual(Array.from({ length: 20 }, (_, i) => `info m${i}`));
  });

  it('delivers messages to websocketInfo while a frame is only partly received', async () => {
    const rec = record({ websocketInfo: (msg, _req, s) => reply(text(String(msg)), s) });
    const { port, node } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    const whole = textFrame('split across chunks');
    client.write(whole.subarray(0, 9));
    node.send(await rec.pid, 'meanwhile');
    expect(await client.readHex(11)).toBe(serverFrame(OP.text, 'meanwhile'));
    client.write(whole.subarray(9));
    await rec.until('handle text:split across chunks');
    expect(rec.log).toEqual(['init', 'websocketInit', 'info meanwhile', 'handle text:split across chunks']);
  });
});
