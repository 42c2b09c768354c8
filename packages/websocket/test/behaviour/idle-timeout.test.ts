// The idle timeout set by websocketInit: closes with 1000 and normal timeout; only data from the client resets it (simulated clock).
import { ok, reply, text } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { frame, OP, serverFrame, textFrame } from '../support/frames.js';
import { Harness, type Started } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import type { RawClient } from '../support/raw-client.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

describe.each(variants)('%s', (_variant, wrap) => {
  /** A connection with a 1000 ms idle timeout whose handler answers `probe N` messages and text frames with text. */
  async function idle(timeout: number | null = 1000) {
    const rec = record({
      websocketInit: () => ok(undefined, timeout === null ? {} : { timeout }),
      websocketHandle: (f, _req, s) => (f.type === 'text' ? reply(text(`echo ${f.data}`), s) : ok(s)),
      websocketInfo: (msg, _req, s) => reply(text(String(msg)), s),
    });
    const started = await h.serve(wrap(rec.handler), { simulated: true });
    const client = await h.raw(started.port);
    return { rec, client, started, pid: await rec.pid };
  }

  /** Sends `probe` from outside and waits for its text on the wire: the connection is still open, and the probe did not reset the timer. */
  async function probe(s: Started, client: RawClient, pid: Parameters<Started['node']['send']>[0], n: number): Promise<void> {
    s.node.send(pid, `probe ${n}`);
    expect(await client.readHex(9)).toBe(serverFrame(OP.text, `probe ${n}`));
  }

  it('closes with 1000, then TCP, and terminates with normal timeout when the client sends nothing for the timeout', async () => {
    const { rec, client, started, pid } = await idle();
    started.clock.advance(999);
    await probe(started, client, pid, 1);
    started.clock.advance(1);
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 e8');
    expect(end.reason).toEqual({ type: 'normal', reason: 'timeout' });
    expect(rec.log).toEqual(['init', 'websocketInit', 'info probe 1', 'terminate normal timeout']);
  });

  it('resets the timeout on every frame from the client (ws_timeout_reset)', async () => {
    const { rec, client, started, pid } = await idle();
    for (let i = 0; i < 5; i++) {
      started.clock.advance(600);
      client.write(textFrame(`k${i}`));
      expect(await client.readHex(9)).toBe(serverFrame(OP.text, `echo k${i}`));
    }
    started.clock.advance(999);
    await probe(started, client, pid, 2);
    started.clock.advance(1);
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 e8');
    expect(end.reason).toEqual({ type: 'normal', reason: 'timeout' });
  });

  it('resets the timeout on control frames from the client too (a ping)', async () => {
    const { rec, client, started } = await idle();
    started.clock.advance(900);
    client.write(frame({ opcode: OP.ping, payload: 'hb' }));
    expect(await client.readHex(4)).toBe('8a 02 68 62');
    await rec.until('handle ping:6862');
    started.clock.advance(900);
    client.write(frame({ opcode: OP.pong, payload: 'hb' }));
    await rec.until('handle pong:6862');
    started.clock.advance(999);
    client.write(textFrame('alive'));
    expect(await client.readHex(12)).toBe(serverFrame(OP.text, 'echo alive'));
  });

  it('is not reset by messages from processes (ws_timeout_cancel)', async () => {
    const { rec, client, started, pid } = await idle();
    for (let i = 0; i < 3; i++) {
      started.clock.advance(300);
      await probe(started, client, pid, i);
    }
    started.clock.advance(100);
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 e8');
    expect(end.reason).toEqual({ type: 'normal', reason: 'timeout' });
    expect(rec.log).toEqual(['init', 'websocketInit', 'info probe 0', 'info probe 1', 'info probe 2', 'terminate normal timeout']);
  });

  it('never times out when websocketInit sets no timeout', async () => {
    const { client, started, pid } = await idle(null);
    started.clock.advance(24 * 3600 * 1000);
    await probe(started, client, pid, 3);
    client.write(textFrame('still'));
    expect(await client.readHex(12)).toBe(serverFrame(OP.text, 'echo still'));
  });

  it('hands no timer message to websocketInfo', async () => {
    const { rec, client, started } = await idle();
    started.clock.advance(500);
    client.write(textFrame('a'));
    await client.read(8);
    started.clock.advance(1000);
    await ending(client, rec);
    expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:a', 'terminate normal timeout']);
  });
});
