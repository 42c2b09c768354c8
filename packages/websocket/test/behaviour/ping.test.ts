// Client pings are answered with a pong of the same payload before websocketHandle sees them; pongs are passed on.
import { ok, reply, text } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { continuation, frame, hex, OP, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { describeFrame, record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

describe.each(variants)('%s', (_variant, wrap) => {
  /** A handler that replies `saw <frame>` to every frame it is given. */
  async function witness() {
    const rec = record({ websocketHandle: (f, _req, s) => reply(text(`saw ${describeFrame(f)}`), s) });
    const { port } = await h.serve(wrap(rec.handler));
    return { rec, client: await h.raw(port) };
  }

  it('answers a ping with a pong of the same payload, sent before websocketHandle replies to the ping', async () => {
    const { rec, client } = await witness();
    client.write(frame({ opcode: OP.ping, payload: 'abc' }));
    const expected = `8a 03 ${hex('abc')} ${serverFrame(OP.text, 'saw ping:616263')}`;
    expect(await client.readLike(expected)).toBe(expected);
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle ping:616263']);
  });

  it('answers an empty ping with 8a 00 and passes websocketHandle an empty payload', async () => {
    const { rec, client } = await witness();
    client.write(frame({ opcode: OP.ping }));
    const expected = `8a 00 ${serverFrame(OP.text, 'saw ping:')}`;
    expect(await client.readLike(expected)).toBe(expected);
    const handled = rec.calls.find((c) => c.name === 'websocketHandle');
    expect(Buffer.from((handled?.args[0] as { data: Uint8Array }).data)).toEqual(Buffer.alloc(0));
  });

  it('answers a ping even when the handler does nothing with it', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(frame({ opcode: OP.ping, payload: Uint8Array.of(0, 1, 2, 255) }));
    expect(await client.readHex(6)).toBe('8a 04 00 01 02 ff');
  });

  it('answers each of several pings in one chunk, in order', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(frame({ opcode: OP.ping, payload: '1' }), frame({ opcode: OP.ping, payload: '22' }), frame({ opcode: OP.ping }));
    expect(await client.readHex(9)).toBe('8a 01 31 8a 02 32 32 8a 00');
  });

  it('passes a client pong to websocketHandle and sends nothing back by itself', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(frame({ opcode: OP.pong, payload: 'late' }), frame({ opcode: OP.ping, payload: 'now' }));
    expect(await client.readHex(5)).toBe(`8a 03 ${hex('now')}`);
    await rec.until('handle ping:6e6f77');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle pong:6c617465', 'handle ping:6e6f77']);
  });

  it('answers a ping between the fragments of a message, and hands over the joined message after', async () => {
    const { rec, client } = await witness();
    client.write(textFrame('frag', false), frame({ opcode: OP.ping, payload: 'mid' }), continuation('ment'));
    const expected = `8a 03 ${hex('mid')} ${serverFrame(OP.text, 'saw ping:6d6964')} ${serverFrame(OP.text, 'saw text:fragment')}`;
    expect(await client.readLike(expected)).toBe(expected);
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle ping:6d6964', 'handle text:fragment']);
  });

  it('answers a ws client ping with a pong carrying the same data', async () => {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.ws(port);
    const pong = new Promise<Buffer>((resolve) => client.ws.once('pong', resolve));
    client.ws.ping(Buffer.from('are you there'));
    expect((await pong).toString()).toBe('are you there');
    await rec.until('handle ping:61726520796f75207468657265');
  });

  it('sends no ping of its own to an idle client', async () => {
    const rec = record({ websocketInit: () => ok(undefined) });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(textFrame('x'), frame({ opcode: OP.ping, payload: 'p' }));
    expect(await client.readHex(3)).toBe('8a 01 70');
  });
});
