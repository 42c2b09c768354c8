// Frames a handler replies with, byte for byte: minimal length forms, list order, and a close frame that ends the list and the connection.
import { binary, close, ok, ping, pong, reply, text, type Frame } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { hex, OP, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

const NORMAL = { type: 'normal', reason: 'shutdown' };

describe.each(variants)('%s', (_variant, wrap) => {
  /** A connection whose handler replies `frames(command)` to the text message `command`. */
  async function replying(frames: (command: string) => Frame | Frame[]) {
    const rec = record<number>({
      websocketInit: () => ok(0),
      websocketHandle: (f, _req, n) => (f.type === 'text' ? reply(frames(f.data), n + 1) : ok(n)),
    });
    const { port } = await h.serve(wrap(rec.handler));
    return { rec, client: await h.raw(port) };
  }

  it.each([
    [0, '82 00'],
    [125, '82 7d'],
    [126, '82 7e 00 7e'],
    [65535, '82 7e ff ff'],
    [65536, '82 7f 00 00 00 00 00 01 00 00'],
  ])('sends a %i-byte binary frame unmasked with the minimal length form %s', async (size, head) => {
    const { client } = await replying(() => binary(new Uint8Array(size).fill(0xab)));
    client.write(textFrame('go'));
    const headBytes = head.split(' ').length;
    expect(await client.readHex(headBytes)).toBe(head);
    const payload = await client.read(size);
    expect(payload.every((x) => x === 0xab)).toBe(true);
  });

  it('sends the frames of a reply list back to back, in list order (ws_send_many: 18 bytes)', async () => {
    const { client } = await replying(() => [text('one'), text('two'), text('seven!')]);
    client.write(textFrame('go'));
    expect(await client.readHex(18)).toBe(`${serverFrame(OP.text, 'one')} ${serverFrame(OP.text, 'two')} ${serverFrame(OP.text, 'seven!')}`);
  });

  it('sends UTF-8 text, binary, ping and pong frames as given', async () => {
    const { client } = await replying(() => [text('κόσμε'), binary(Uint8Array.of(0, 255)), ping(), pong(), ping(Buffer.from('p')), pong(Buffer.from('q'))]);
    client.write(textFrame('go'));
    const expected = [
      serverFrame(OP.text, 'κόσμε'), '82 02 00 ff', '89 00', '8a 00', '89 01 70', '8a 01 71',
    ].join(' ');
    expect(await client.readLike(expected)).toBe(expected);
  });

  it('sends an empty close frame from close(), then closes TCP and terminates with normal shutdown', async () => {
    const { rec, client } = await replying(() => close());
    client.write(textFrame('go'));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 00');
    expect(end.reason).toEqual(NORMAL);
  });

  it('sends close(1000) as 88 02 03 e8', async () => {
    const { rec, client } = await replying(() => close(1000));
    client.write(textFrame('go'));
    expect((await ending(client, rec)).wire).toBe('88 02 03 e8');
  });

  it('sends a close code with its reason text exactly as given', async () => {
    const { rec, client } = await replying(() => close(4000, 'done'));
    client.write(textFrame('go'));
    const end = await ending(client, rec);
    expect(end.wire).toBe(`88 06 0f a0 ${hex('done')}`);
    expect(end.reason).toEqual(NORMAL);
  });

  it('sends the frames before a close frame in a reply list, the close frame, and never the frames after it', async () => {
    const { rec, client } = await replying(() => [text('one'), binary(Uint8Array.of(2)), close(4001, 'bye'), text('never'), close(1000)]);
    client.write(textFrame('go'));
    const end = await ending(client, rec);
    expect(end.wire).toBe(`${serverFrame(OP.text, 'one')} 82 01 02 88 05 0f a1 ${hex('bye')}`);
    expect(end.reason).toEqual(NORMAL);
    expect((await rec.terminated).state).toBe(1);
  });

  it('handles no frame that arrived in the same chunk after the one whose reply closed', async () => {
    const { rec, client } = await replying((c) => (c === 'stop' ? [close()] : [text(c)]));
    client.write(textFrame('a'), textFrame('stop'), textFrame('b'));
    const end = await ending(client, rec);
    expect(end.wire).toBe(`${serverFrame(OP.text, 'a')} 88 00`);
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:a', 'handle text:stop', 'terminate normal shutdown']);
  });

  it('sends nothing for an empty reply list and keeps the connection open', async () => {
    const { rec, client } = await replying((c) => (c === 'quiet' ? [] : [text(c)]));
    client.write(textFrame('quiet'), textFrame('loud'));
    expect(await client.readHex(6)).toBe(serverFrame(OP.text, 'loud'));
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:quiet', 'handle text:loud']);
  });
});
