// A callback that throws or returns a non-result: close 1011 (88 02 03 F3), terminate with handler error and the earlier state, process exits with it.
import { close, ok, ping, pong, reply, text, type Frame, type HandlerResult } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { ending } from '../support/ending.js';
import { OP, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

const notResults: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['a string', 'ok'],
  ['a plain object shaped like ok', { type: 'ok', state: 99 }],
  ['a plain object shaped like reply', { type: 'reply', frames: [{ type: 'text', data: 'forged' }], state: 99 }],
  ['a frame instead of a result', text('a frame')],
];

/** Frames a reply may not hold (Cowboy crashes on them; the contract closes with 1011). */
const invalidFrames: Array<[string, unknown]> = [
  ['a ping payload over 125 bytes', ping(new Uint8Array(126))],
  ['a pong payload over 125 bytes', pong(new Uint8Array(200))],
  ['a close frame with the reserved code 1005', close(1005)],
  ['a close frame with the code 999', close(999)],
  ['a close reason over 123 bytes', close(1000, 'r'.repeat(124))],
  ['a text frame with binary data', { type: 'text', data: new Uint8Array(1) }],
  ['an unknown frame type', { type: 'continuation', data: new Uint8Array(1) }],
];

describe.each(variants)('%s', (_variant, wrap) => {
  /** A counter that handles `n` text frames, then `fail()`s on the text `crash` or the message `crash`. */
  async function crashing(fail: () => HandlerResult<number>) {
    const rec = record<number>({
      websocketInit: () => ok(0),
      websocketHandle: (f, _req, n) => (f.type === 'text' && f.data === 'crash' ? fail() : reply(text(`ok ${n}`), n + 1)),
      websocketInfo: (msg, _req, n) => (msg === 'crash' ? fail() : ok(n + 100)),
    });
    const started = await h.serve(wrap(rec.handler));
    rec.watch(started.node);
    const client = await h.raw(started.port);
    return { rec, client, node: started.node, pid: await rec.pid };
  }

  it('closes with 1011 when websocketHandle throws, terminates with the error and the state before the call, and the process exits with it', async () => {
    const boom = new Error('handle failed');
    const { rec, client, pid } = await crashing(() => { throw boom; });
    client.write(textFrame('a'), textFrame('b'));
    expect(await client.readHex(12)).toBe(`${serverFrame(OP.text, 'ok 0')} ${serverFrame(OP.text, 'ok 1')}`);
    client.write(textFrame('crash'));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f3');
    expect(end.reason).toEqual({ type: 'error', error: 'handler', cause: boom });
    expect((await rec.terminated).state).toBe(2);
    expect(await rec.exited(pid)).toBe(boom);
  });

  it('closes with 1011 when websocketInfo throws, with the state before the call', async () => {
    const boom = new Error('info failed');
    const { rec, client, node, pid } = await crashing(() => { throw boom; });
    node.send(pid, 'fine');
    node.send(pid, 'crash');
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f3');
    expect(end.reason).toEqual({ type: 'error', error: 'handler', cause: boom });
    expect((await rec.terminated).state).toBe(100);
    expect(await rec.exited(pid)).toBe(boom);
    expect(rec.log).toEqual(['init', 'websocketInit', 'info fine', 'info crash', 'terminate error handler']);
  });

  it('treats a thrown non-Error value like an Error', async () => {
    const { rec, client, pid } = await crashing(() => { throw 'just a string'; });
    client.write(textFrame('crash'));
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f3');
    expect(end.reason).toEqual({ type: 'error', error: 'handler', cause: 'just a string' });
    expect(await rec.exited(pid)).toBe('just a string');
  });

  for (const [name, value] of notResults) {
    it(`closes with 1011 when websocketHandle returns ${name}, and the process exits with the cause`, async () => {
      const { rec, client, pid } = await crashing(() => value as HandlerResult<number>);
      client.write(textFrame('x'), textFrame('crash'), textFrame('never'));
      const end = await ending(client, rec);
      expect(end.wire).toBe(`${serverFrame(OP.text, 'ok 0')} 88 02 03 f3`);
      expect(end.reason).toMatchObject({ type: 'error', error: 'handler' });
      const cause = (end.reason as { cause?: unknown }).cause;
      expect(cause).toBeDefined();
      expect((await rec.terminated).state).toBe(1);
      expect(await rec.exited(pid)).toBe(cause);
      expect(rec.log).toEqual(['init', 'websocketInit', 'handle text:x', 'handle text:crash', 'terminate error handler']);
    });
  }

  it('closes with 1011 when websocketInfo returns something that is not a result', async () => {
    const { rec, client, node, pid } = await crashing(() => ({ type: 'shutdown' }) as unknown as HandlerResult<number>);
    node.send(pid, 'crash');
    const end = await ending(client, rec);
    expect(end.wire).toBe('88 02 03 f3');
    expect(end.reason).toMatchObject({ type: 'error', error: 'handler' });
    expect((await rec.terminated).state).toBe(0);
  });

  for (const [name, bad] of invalidFrames) {
    it(`closes with 1011 and sends no frame of a reply that holds ${name}`, async () => {
      const { rec, client, pid } = await crashing(() => reply([text('before'), bad as Frame, text('after')], 5));
      client.write(textFrame('x'), textFrame('crash'));
      const end = await ending(client, rec);
      expect(end.wire).toBe(`${serverFrame(OP.text, 'ok 0')} 88 02 03 f3`);
      expect(end.reason).toMatchObject({ type: 'error', error: 'handler' });
      expect((await rec.terminated).state).toBe(1);
      expect(await rec.exited(pid)).toBe((end.reason as { cause?: unknown }).cause);
    });
  }

  it('shows a ws client the close code 1011', async () => {
    const rec = record({ websocketHandle: () => { throw new Error('nope'); } });
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.ws(port);
    client.ws.send('anything');
    expect((await client.closed).code).toBe(1011);
  });

  it('leaves the other connections running when one handler crashes', async () => {
    const rec = record({ websocketHandle: (f, _req, s) => (f.type === 'text' && f.data === 'crash' ? (() => { throw new Error('x'); })() : reply(text('alive'), s)) });
    const { port, server, node } = await h.serve(wrap(rec.handler));
    rec.watch(node);
    const doomed = await h.ws(port);
    const other = await h.ws(port);
    doomed.ws.send('crash');
    await doomed.closed;
    await rec.terminated;
    await rec.exited(rec.calls.find((c) => c.name === 'websocketTerminate')?.pid);
    other.ws.send('still?');
    expect(await other.next()).toBe('alive');
    expect(server.connections()).toHaveLength(1);
  });
});
