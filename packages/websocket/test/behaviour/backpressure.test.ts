// A client that stops reading: once the outbound buffer passes maxBackpressure, onBackpressure 'close' closes with 1008 and backpressure.
import { binary, ok, reply, shutdown } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { closeFrame, hex, OP, parseFrames, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

const CHUNK = 64 * 1024;
/** Frames sent before the handler gives up (about 38 MB): far more than loopback socket buffers hold. */
const GIVE_UP = 600;

describe.each(variants)('%s', (_variant, wrap) => {
  /** On the text `flood`, sends itself `more`; each `more` replies a 64 KiB binary frame and asks for more. */
  function flooder() {
    const payload = new Uint8Array(CHUNK).fill(0x5a);
    return record<number>({
      websocketInit: () => ok(0),
      websocketHandle: (f, _req, n, ctx) => {
        if (f.type === 'text' && f.data === 'flood') ctx.send(ctx.self, 'more');
        return ok(n);
      },
      websocketInfo: (_msg, _req, n, ctx) => {
        if (n >= GIVE_UP) return shutdown(n);
        ctx.send(ctx.self, 'more');
        return reply(binary(payload), n + 1);
      },
    });
  }

  it('closes with 1008 after the queued frames and terminates with backpressure when a paused client lets the buffer pass maxBackpressure', async () => {
    const rec = flooder();
    const { port } = await h.serve(wrap(rec.handler), { maxBackpressure: 256 * 1024, onBackpressure: 'close' });
    const client = await h.raw(port);
    client.pause();
    client.write(textFrame('flood'));
    const { reason, state } = await rec.terminated;
    expect(reason).toMatchObject({ type: 'error', error: 'backpressure' });
    expect(state).toBeLessThan(GIVE_UP);
    client.resume();
    const data = await client.rest(20_000);
    expect(hex(data.subarray(data.length - 4))).toBe('88 02 03 f0');
    const frames = parseFrames(data.subarray(0, data.length - 4));
    expect(frames.every((f) => f.opcode === OP.binary && f.fin && f.payload.length === CHUNK)).toBe(true);
    expect(frames.length).toBeLessThanOrEqual(state);
  });

  it('shows a ws client that stops reading the close code 1008', async () => {
    const rec = flooder();
    const { port } = await h.serve(wrap(rec.handler), { maxBackpressure: 256 * 1024 });
    const client = await h.ws(port);
    client.ws.pause();
    client.ws.send('flood');
    expect((await rec.terminated).reason).toMatchObject({ type: 'error', error: 'backpressure' });
    client.ws.resume();
    expect((await client.closed).code).toBe(1008);
  });

  it('keeps open a connection whose client reads what it asked for before asking for more', async () => {
    const payload = new Uint8Array(CHUNK).fill(1);
    const rec = record({ websocketHandle: (_f, _req, s) => reply([binary(payload), binary(payload)], s) });
    const { port } = await h.serve(wrap(rec.handler), { maxBackpressure: 256 * 1024 });
    const client = await h.raw(port);
    for (let round = 0; round < 30; round++) {
      client.write(textFrame('next'));
      const frames = parseFrames(await client.read(2 * (10 + CHUNK)));
      expect(frames.map((f) => [f.opcode, f.payload.length])).toEqual([[OP.binary, CHUNK], [OP.binary, CHUNK]]);
    }
    client.write(closeFrame(1000));
    expect(await client.restHex()).toBe('88 02 03 e8');
    expect((await rec.terminated).reason).toEqual({ type: 'remote', code: 1000, reason: '' });
  });
});
