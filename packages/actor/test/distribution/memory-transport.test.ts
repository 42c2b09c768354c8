import { describe, expect, it } from 'vitest';
import { createMemoryHub } from '../../src/testing.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const bytes = (n: number) => new Uint8Array([n]);

async function joined(names: string[]) {
  const hub = createMemoryHub();
  const inbox: Array<[string, string, number]> = [];
  const transports = await Promise.all(names.map(async (name) => {
    const t = hub.transport();
    await t.start({ name, creation: 1 }, { packet: (from, b) => void inbox.push([from, name, b[0]!]) });
    return t;
  }));
  return { hub, inbox, transports };
}

describe('the in-memory transport', () => {
  it('delivers asynchronously, in order per pair, and broadcasts to every other node', async () => {
    const { inbox, transports: [a] } = await joined(['a', 'b', 'c']);
    a!.send('b', bytes(1));
    a!.send('b', bytes(2));
    a!.broadcast(bytes(3));
    expect(inbox).toEqual([]);
    await tick();
    expect(inbox).toEqual([['a', 'b', 1], ['a', 'b', 2], ['a', 'b', 3], ['a', 'c', 3]]);
  });

  it('loses packets across a partition until heal, and to and from a killed node', async () => {
    const { hub, inbox, transports: [a, b] } = await joined(['a', 'b', 'c']);
    hub.partition('a', 'b');
    a!.broadcast(bytes(1));
    b!.send('a', bytes(2));
    await tick();
    expect(inbox).toEqual([['a', 'c', 1]]);
    hub.heal();
    hub.kill('c');
    a!.broadcast(bytes(3));
    await tick();
    expect(inbox).toEqual([['a', 'c', 1], ['a', 'b', 3]]);
    expect(hub.nodes).toEqual(['a', 'b']);
  });

  it('loses packets to and from a disconnected node, and reports resumed once it reconnects', async () => {
    const hub = createMemoryHub();
    const inbox: Array<[string, number]> = [];
    let resumed = 0;
    const a = hub.transport();
    const b = hub.transport();
    await a.start({ name: 'a', creation: 1 }, { packet: () => undefined });
    await b.start({ name: 'b', creation: 1 }, { packet: (from, got) => void inbox.push([from, got[0]!]), resumed: () => void resumed++ });
    hub.disconnect('b');
    a.send('b', bytes(1));
    await tick();
    hub.reconnect('b');
    hub.reconnect('b');
    a.send('b', bytes(2));
    await tick();
    expect(inbox).toEqual([['a', 2]]);
    expect(resumed).toBe(1);
  });

  it('loses the next packets of one direction silently, then delivers again', async () => {
    const { hub, inbox, transports: [a, b] } = await joined(['a', 'b', 'c']);
    hub.lose('a', 'b', 2);
    a!.send('b', bytes(1));
    a!.broadcast(bytes(2));
    b!.send('a', bytes(3));
    a!.send('b', bytes(4));
    await tick();
    expect(inbox).toEqual([['a', 'c', 2], ['b', 'a', 3], ['a', 'b', 4]]);
    expect(() => hub.lose('a', 'b', 0)).toThrow(expect.objectContaining({ code: 'badOption' }));
  });

  it('delivers the next packet of one direction twice, and swaps the next two', async () => {
    const { hub, inbox, transports: [a] } = await joined(['a', 'b']);
    hub.duplicate('a', 'b');
    a!.send('b', bytes(1));
    a!.send('b', bytes(2));
    await tick();
    expect(inbox).toEqual([['a', 'b', 1], ['a', 'b', 1], ['a', 'b', 2]]);
    inbox.length = 0;
    hub.swap('a', 'b');
    a!.send('b', bytes(3));
    await tick();
    expect(inbox).toEqual([]);
    a!.send('b', bytes(4));
    a!.send('b', bytes(5));
    await tick();
    expect(inbox).toEqual([['a', 'b', 4], ['a', 'b', 3], ['a', 'b', 5]]);
  });

  it('refuses a second node of the same name, and frees the name on stop', async () => {
    const { hub, transports: [a] } = await joined(['a']);
    await expect(hub.transport().start({ name: 'a', creation: 2 }, { packet: () => undefined })).rejects.toThrow(/already on the hub/);
    await a!.stop();
    expect(hub.nodes).toEqual([]);
  });
});
