// A client's close frame: answered with its code only (or an empty close), then TCP closed; bad close frames are protocol errors.
import { ok, reply, text } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { closeFrame, frame, OP, serverClose, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

describe.each(variants)('%s', (_variant, wrap) => {
  async function connected() {
    const rec = record();
    const { port } = await h.serve(wrap(rec.handler));
    return { rec, client: await h.raw(port) };
  }

  it('answers an empty close frame with an empty close frame and terminates with remote', async () => {
    const { rec, client } = await connected();
    client.write(closeFrame());
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 00');
    expect(end.reason).toEqual({ type: 'remote' });
  });

  it('answers a close frame with a code and a reason with the code only, and terminates with both', async () => {
    const { rec, client } = await connected();
    client.write(closeFrame(1000, 'bye now'));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 e8');
    expect(end.reason).toEqual({ type: 'remote', code: 1000, reason: 'bye now' });
  });

  it.each([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4000, 4999])(
    'echoes the valid close code %i without a reason and terminates with an empty reason',
    async (code) => {
      const { rec, client } = await connected();
      client.write(closeFrame(code));
      const end = await ending(client, rec);
      expect(end.wire).toBe(serverClose(code));
      expect(end.reason).toEqual({ type: 'remote', code, reason: '' });
    },
  );

  it('keeps a multi-byte UTF-8 close reason as a string', async () => {
    const { rec, client } = await connected();
    client.write(closeFrame(4001, 'adiós €'));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 0f a1');
    expect(end.reason).toEqual({ type: 'remote', code: 4001, reason: 'adiós €' });
  });

  it.each([0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 2000, 2999, 5000, 65535])(
    'closes with 1002 and terminates with badframe on the invalid close code %i',
    async (code) => {
      const { rec, client } = await connected();
      client.write(closeFrame(code));
      const end = await ending(client, rec);
      expect(end.wire).toBe('88 02 03 ea');
      expect(end.reason).toMatchObject({ type: 'error', error: 'badframe' });
    },
  );

  it('closes with 1002 and terminates with badframe on a close frame with a 1-byte payload', async () => {
    const { rec, client } = await connected();
    client.write(frame({ opcode: OP.close, payload: Uint8Array.of(0x03) }));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 ea');
    expect(end.reason).toMatchObject({ type: 'error', error: 'badframe' });
  });

  it('closes with 1007 and terminates with badencoding on a close reason that is not UTF-8', async () => {
    const { rec, client } = await connected();
    client.write(closeFrame(1000, Uint8Array.of(0x61, 0xff, 0x62)));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 ef');
    expect(end.reason).toMatchObject({ type: 'error', error: 'badencoding' });
  });

  it('never hands the frames that follow a close frame in the same chunk to the handler', async () => {
    const { rec, client } = await connected();
    client.write(textFrame('before'), closeFrame(1000), textFrame('after'));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 e8');
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:before', 'terminate remote 1000']);
  });

  it('answers a close frame sent after a reply with the echo right after the reply bytes', async () => {
    const rec = record<number>({
      websocketInit: () => ok(0),
      websocketHandle: (f, _req, n) => reply(text(f.type === 'text' ? f.data.toUpperCase() : '?'), n + 1),
    });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(textFrame('hi'), closeFrame());
    const end = await ending(client, rec);
    expect(end.wire).toBe(`${serverFrame(OP.text, 'HI')} 88 00`);
    expect(end.reason).toEqual({ type: 'remote' });
    expect((await rec.terminated).state).toBe(1);
  });
});
