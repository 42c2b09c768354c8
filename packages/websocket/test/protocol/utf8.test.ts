// UTF-8 of text messages: invalid bytes close with 1007 (88 02 03 EF) and badencoding, also across fragments; valid splits are joined.
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { binaryFrame, continuation, frame, OP, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

const BADENCODING = { type: 'error', error: 'badencoding' };
const b = (...xs: number[]): Buffer => Buffer.from(xs);

const invalid: Array<[string, Buffer]> = [
  ['a lone continuation byte', b(0x61, 0x80, 0x62)],
  ['the byte FF', b(0xff)],
  ['an overlong two-byte encoding of "/"', b(0xc0, 0xaf)],
  ['an overlong C1 lead', b(0xc1, 0xbf)],
  ['an overlong three-byte encoding', b(0xe0, 0x80, 0xaf)],
  ['a UTF-16 surrogate (U+D800)', b(0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xed, 0xa0, 0x80)],
  ['a code point above U+10FFFF', b(0xf4, 0x90, 0x80, 0x80)],
  ['a lead byte followed by ASCII', b(0xe2, 0x41, 0x41)],
  ['an incomplete sequence at the end of the message', b(0x61, 0xe2, 0x82)],
];

describe.each(variants)('%s', (_variant, wrap) => {
  async function connected() {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    return { rec, client: await h.raw(port) };
  }

  for (const [name, payload] of invalid) {
    it(`closes with 1007 and terminates with badencoding on a text frame with ${name}`, async () => {
      const { rec, client } = await connected();
      client.write(textFrame(payload));
      const end = await ending(client, rec);
      expect(end.wire).toBe('88 02 03 ef');
      expect(end.reason).toMatchObject(BADENCODING);
      expect(rec.log).toEqual(['init', 'websocketInit', 'terminate error badencoding']);
    });
  }

  it('closes with 1007 when the invalid byte is in a later fragment of a text message', async () => {
    const { rec, client } = await connected();
    client.write(textFrame('valid start', false), continuation('still fine', false), continuation(b(0x61, 0xff)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 ef');
    expect(end.reason).toMatchObject(BADENCODING);
    expect(rec.log).toEqual(['init', 'websocketInit', 'terminate error badencoding']);
  });

  it('closes with 1007 when the fragments of a text message end in the middle of a code point', async () => {
    const { rec, client } = await connected();
    client.write(textFrame(b(0x61, 0xe2), false), continuation(b(0x82)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 ef');
    expect(end.reason).toMatchObject(BADENCODING);
  });

  it('closes with 1007 when the invalid fragments arrive in separate TCP chunks', async () => {
    const { rec, client } = await connected();
    client.write(textFrame('ok so far', false));
    client.write(frame({ opcode: OP.ping, payload: 'between' }));
    expect(await client.readHex(9)).toBe('8a 07 62 65 74 77 65 65 6e');
    client.write(continuation(b(0xed, 0xbf, 0xbf)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 ef');
    expect(end.reason).toMatchObject(BADENCODING);
  });

  it('joins a text message whose fragments split code points (valid as a whole)', async () => {
    const { rec, client } = await connected();
    // 'a€b' = 61 E2 82 AC 62, split after E2 and after 82.
    client.write(textFrame(b(0x61, 0xe2), false), continuation(b(0x82), false), continuation(b(0xac, 0x62)));
    // A 4-byte code point (U+1F600) in four one-byte fragments, in separate chunks.
    client.write(textFrame(b(0xf0), false));
    client.write(continuation(b(0x9f), false));
    client.write(continuation(b(0x98), false));
    client.write(continuation(b(0x80)));
    await rec.until('handle text:\u{1F600}');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:a€b', 'handle text:\u{1F600}']);
    expect(client.pending.length).toBe(0);
  });

  it('accepts the edges of valid UTF-8: NUL, U+FFFF, U+10FFFF and an empty text message', async () => {
    const { rec, client } = await connected();
    client.write(textFrame(b(0x00)), textFrame(b(0xef, 0xbf, 0xbf)), textFrame(b(0xf4, 0x8f, 0xbf, 0xbf)), textFrame(''));
    await rec.until('handle text:');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:\u0000', 'handle text:\uffff', 'handle text:\u{10FFFF}', 'handle text:']);
  });

  it('never validates binary messages', async () => {
    const { rec, client } = await connected();
    client.write(binaryFrame(b(0xff, 0xc0, 0xed, 0xa0, 0x80)), binaryFrame(b(0xe2), false), continuation(b(0x41)));
    await rec.until('handle binary:e241');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle binary:ffc0eda080', 'handle binary:e241']);
  });

  it('reassembles a text frame delivered one byte per TCP write', async () => {
    const { rec, client } = await connected();
    client.writeBytewise(textFrame('κόσμε, byte by byte'));
    await rec.until('handle text:κόσμε, byte by byte');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:κόσμε, byte by byte']);
  });
});
