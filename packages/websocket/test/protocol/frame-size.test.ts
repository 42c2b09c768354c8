// maxFrameSize: a message over the limit, in one frame or in fragments that add up, closes with 1009 (88 02 03 F1) and badsize.
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { binaryFrame, continuation, frame, OP, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

const BADSIZE = { type: 'error', error: 'badsize' };

describe.each(variants)('%s', (_variant, wrap) => {
  async function connected(maxFrameSize?: number) {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler), maxFrameSize === undefined ? {} : { maxFrameSize });
    return { rec, client: await h.raw(port) };
  }

  it('accepts a binary message of exactly maxFrameSize bytes', async () => {
    const { rec, client } = await connected(1000);
    client.write(binaryFrame(Buffer.alloc(1000, 7)));
    await rec.until('handle binary:1000B');
    client.write(textFrame('t'.repeat(1000)));
    await rec.until('handle text:1000c');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle binary:1000B', 'handle text:1000c']);
  });

  it('closes with 1009 and terminates with badsize on a binary frame one byte over maxFrameSize', async () => {
    const { rec, client } = await connected(1000);
    client.write(binaryFrame(Buffer.alloc(1001, 7)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f1');
    expect(end.reason).toMatchObject(BADSIZE);
    expect(rec.log).toEqual(['init', 'websocketInit', 'terminate error badsize']);
  });

  it('closes with 1009 on a text frame over maxFrameSize', async () => {
    const { rec, client } = await connected(1000);
    client.write(textFrame('t'.repeat(1500)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f1');
    expect(end.reason).toMatchObject(BADSIZE);
  });

  it('closes with 1009 when fragments each under maxFrameSize add up over it', async () => {
    const { rec, client } = await connected(1000);
    client.write(binaryFrame(Buffer.alloc(600, 1), false), continuation(Buffer.alloc(600, 2)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f1');
    expect(end.reason).toMatchObject(BADSIZE);
    expect(rec.log).toEqual(['init', 'websocketInit', 'terminate error badsize']);
  });

  it('closes with 1009 when the fragment over the limit arrives in a later chunk', async () => {
    const { rec, client } = await connected(1000);
    client.write(textFrame('a'.repeat(400), false), continuation('b'.repeat(400), false));
    client.write(frame({ opcode: OP.ping, payload: 'mid' }));
    expect(await client.readHex(5)).toBe('8a 03 6d 69 64');
    client.write(continuation('c'.repeat(201)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f1');
    expect(end.reason).toMatchObject(BADSIZE);
  });

  it('accepts fragments that add up to exactly maxFrameSize', async () => {
    const { rec, client } = await connected(1000);
    client.write(binaryFrame(Buffer.alloc(500, 1), false), continuation(Buffer.alloc(300, 2), false), continuation(Buffer.alloc(200, 3)));
    await rec.until('handle binary:1000B');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle binary:1000B']);
  });

  it('does not count control frames between fragments towards maxFrameSize', async () => {
    const { rec, client } = await connected(1000);
    client.write(binaryFrame(Buffer.alloc(950, 1), false), frame({ opcode: OP.pong, payload: 'p'.repeat(100) }), continuation(Buffer.alloc(50, 2)));
    await rec.until('handle binary:1000B');
    expect(rec.log).toEqual(['init', 'websocketInit', `handle pong:${'70'.repeat(100)}`, 'handle binary:1000B']);
  });

  it('accepts a message of 1,000,000 bytes by default', async () => {
    const { rec, client } = await connected();
    client.write(binaryFrame(Buffer.alloc(1_000_000, 9)));
    await rec.until('handle binary:1000000B');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle binary:1000000B']);
  });

  it('closes with 1009 on a message of 1,000,001 bytes by default', async () => {
    const { rec, client } = await connected();
    client.write(binaryFrame(Buffer.alloc(1_000_001, 9)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f1');
    expect(end.reason).toMatchObject(BADSIZE);
  });
});
