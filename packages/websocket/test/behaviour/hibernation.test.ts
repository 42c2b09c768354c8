// The hibernating variant really hibernates: the process sleeps between callbacks, keeps its state, and the wire is unchanged.
import { runUntilIdle } from '@corral/actor/testing';
import { ok, reply, text } from '@corral/websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { OP, serverFrame, textFrame } from '../support/frames.js';
import { Harness } from '../support/harness.js';
import { hibernating, variants } from '../support/hibernating.js';
import { record } from '../support/recorder.js';

const h = new Harness();
afterEach(() => h.cleanup());

type State = { count: number; seen: Set<string>; at: Date };

function counting() {
  return record<State>({
    websocketInit: () => ok({ count: 0, seen: new Set(), at: new Date(0) }),
    websocketHandle: (f, _req, s) => {
      const word = f.type === 'text' ? f.data : f.type;
      const next = { count: s.count + 1, seen: new Set([...s.seen, word]), at: new Date(s.at.getTime() + 1) };
      return reply(text(`${next.count} ${[...next.seen].join(',')} ${next.at.getTime()}`), next);
    },
    websocketInfo: (_msg, _req, s) => reply(text(`info ${s.count}`), s),
  });
}

describe('hibernating(handler)', () => {
  it('hibernates the connection process after websocketInit and after each callback', async () => {
    const rec = counting();
    const { port, node } = await h.serve(hibernating(rec.handler));
    const client = await h.raw(port);
    const pid = await rec.pid;
    await runUntilIdle(node);
    expect(node.processInfo(pid)?.status).toBe('hibernated');
    client.write(textFrame('a'));
    expect(await client.readLike(serverFrame(OP.text, '1 a 1'))).toBe(serverFrame(OP.text, '1 a 1'));
    await runUntilIdle(node);
    expect(node.processInfo(pid)?.status).toBe('hibernated');
    node.send(pid, 'wake');
    expect(await client.readLike(serverFrame(OP.text, 'info 1'))).toBe(serverFrame(OP.text, 'info 1'));
    await runUntilIdle(node);
    expect(node.processInfo(pid)?.status).toBe('hibernated');
  });

  it('leaves the connection process awake without it', async () => {
    const rec = counting();
    const { port, node } = await h.serve(rec.handler);
    const client = await h.raw(port);
    client.write(textFrame('a'));
    await client.read(7);
    await runUntilIdle(node);
    expect(node.processInfo(await rec.pid)?.status).toBe('waiting');
  });
});

describe.each(variants)('%s', (_variant, wrap) => {
  it('keeps a state of sets and dates across callbacks', async () => {
    const rec = counting();
    const { port } = await h.serve(wrap(rec.handler));
    const client = await h.raw(port);
    client.write(textFrame('a'), textFrame('b'), textFrame('a'));
    const expected = [serverFrame(OP.text, '1 a 1'), serverFrame(OP.text, '2 a,b 2'), serverFrame(OP.text, '3 a,b 3')].join(' ');
    expect(await client.readLike(expected)).toBe(expected);
    expect(rec.calls.filter((c) => c.name === 'websocketHandle').map((c) => (c.state as State).count)).toEqual([0, 1, 2]);
  });
});
