// Framing errors from the client: each closes with 1002 (88 02 03 EA), then TCP, and terminates with badframe.
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { binaryFrame, continuation, frame, hex, OP, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

const BADFRAME = { type: 'error', error: 'badframe' };

/** Frame sequences that break the protocol, each sent in one write. */
const violations: Array<[string, Buffer[]]> = [
  ['an unmasked text frame', [frame({ opcode: OP.text, payload: 'hi', mask: null })]],
  ['an unmasked close frame', [frame({ opcode: OP.close, payload: '', mask: null })]],
  ['a text frame with RSV1 set and no extension negotiated', [frame({ opcode: OP.text, payload: 'hi', rsv: 4 })]],
  ['a text frame with RSV2 set', [frame({ opcode: OP.text, payload: 'hi', rsv: 2 })]],
  ['a binary frame with RSV3 set', [frame({ opcode: OP.binary, payload: 'hi', rsv: 1 })]],
  ['a ping with RSV1 set', [frame({ opcode: OP.ping, payload: 'hi', rsv: 4 })]],
  ['a ping with FIN=0', [frame({ opcode: OP.ping, payload: 'hi', fin: false })]],
  ['a pong with FIN=0', [frame({ opcode: OP.pong, payload: 'hi', fin: false })]],
  ['a close frame with FIN=0', [frame({ opcode: OP.close, payload: '', fin: false })]],
  ['a ping with a 126-byte payload', [frame({ opcode: OP.ping, payload: 'p'.repeat(126) })]],
  ['a pong with a 200-byte payload', [frame({ opcode: OP.pong, payload: 'p'.repeat(200) })]],
  ['a close frame with a 126-byte payload', [frame({ opcode: OP.close, payload: Buffer.concat([Buffer.of(3, 0xe8), Buffer.alloc(124, 0x61)]) })]],
  ['a continuation frame with no message started', [continuation('x')]],
  ['a final continuation frame after a complete message', [textFrame('whole'), continuation('x')]],
  ['a text frame inside a fragmented text message', [textFrame('a', false), textFrame('b')]],
  ['a binary frame inside a fragmented text message', [textFrame('a', false), binaryFrame('b')]],
  ['a text frame inside a fragmented binary message', [binaryFrame('a', false), continuation('b', false), textFrame('c')]],
  ['a 16-bit length form for a 5-byte payload', [frame({ opcode: OP.text, payload: 'hello', lengthBits: 16 })]],
  ['a 64-bit length form for a 5-byte payload', [frame({ opcode: OP.text, payload: 'hello', lengthBits: 64 })]],
  ['a 64-bit length with its most significant bit set', [frame({ opcode: OP.binary, payload: 'x', lengthBits: 64, declaredLength: 1n << 63n })]],
];

describe.each(variants)('%s', (_variant, wrap) => {
  async function connected() {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    return { rec, client: await h.raw(port) };
  }

  for (const opcode of [3, 4, 5, 6, 7, 11, 12, 13, 14, 15]) {
    it(`closes with 1002 and terminates with badframe on the reserved opcode ${opcode}`, async () => {
      const { rec, client } = await connected();
      client.write(frame({ opcode, payload: 'x' }));
      const end = await ending(client, rec);
      expect(end.wire).toBe('88 02 03 ea');
      expect(end.reason).toMatchObject(BADFRAME);
    });
  }

  for (const [name, frames] of violations) {
    it(`closes with 1002 and terminates with badframe on ${name}`, async () => {
      const { rec, client } = await connected();
      client.write(...frames);
      const end = await ending(client, rec);
      expect(end.wire).toBe('88 02 03 ea');
      expect(end.reason).toMatchObject(BADFRAME);
    });
  }

  it('closes with 1002 on a protocol error that arrives in a later chunk, after valid frames were handled', async () => {
    const { rec, client } = await connected();
    client.write(textFrame('fine'));
    await rec.until('handle text:fine');
    client.write(frame({ opcode: OP.binary, payload: 'no mask', mask: null }));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 ea');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:fine', 'terminate error badframe']);
  });

  it('handles the valid frames before a protocol error in the same chunk, and none after it', async () => {
    const { rec, client } = await connected();
    client.write(textFrame('one'), textFrame('two'), frame({ opcode: 3, payload: '' }), textFrame('three'));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 ea');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:one', 'handle text:two', 'terminate error badframe']);
  });

  it('accepts a ping, a pong and a close frame with 125-byte payloads (the control frame limit)', async () => {
    const { rec, client } = await connected();
    const payload = 'q'.repeat(125);
    client.write(frame({ opcode: OP.pong, payload }), frame({ opcode: OP.ping, payload }));
    expect(await client.readHex(127)).toBe(`8a 7d ${hex(payload)}`);
    client.write(frame({ opcode: OP.close, payload: Buffer.concat([Buffer.of(0x0f, 0xa0), Buffer.alloc(123, 0x72)]) }));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 0f a0');
    expect(end.reason).toEqual({ type: 'remote', code: 4000, reason: 'r'.repeat(123) });
  });
});
