import { afterEach, describe, expect, it } from 'vitest';
import { isCorralError, isPid, type Node, type Pid, type ProcessContext } from '../../src/index.js';
import { startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

function collector(node: Node, name?: string): { pid: Pid; got: unknown[] } {
  const got: unknown[] = [];
  const pid = node.spawnHandler({ init: () => null, handleMessage: (msg) => void got.push(msg) }, name === undefined ? {} : { name });
  return { pid, got };
}

describe('sending to another node', () => {
  it('connects the nodes of a hub to each other', async () => {
    cluster = await startCluster(['a@test', 'b@test', 'c@test']);
    const [a, b, c] = cluster.nodes as [Node, Node, Node];
    expect(a.connectedNodes().sort()).toEqual(['b@test', 'c@test']);
    expect(b.connectedNodes().sort()).toEqual(['a@test', 'c@test']);
    expect(c.connectedNodes().sort()).toEqual(['a@test', 'b@test']);
  });

  it('delivers messages to a remote pid in the order one sender sent them', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const sink = collector(b);
    const there = await cluster.share(sink.pid, a);
    a.spawn((ctx) => {
      for (let i = 0; i < 50; i++) ctx.send(there, { i });
    });
    await cluster.settle();
    expect(sink.got).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })));
  });

  it('carries Map, Set, Date, bigint and binaries across', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const sink = collector(b);
    const msg = { m: new Map([['k', 1n]]), s: new Set([1, 2]), d: new Date(5), bytes: new Uint8Array([1, 2, 3]) };
    a.send(await cluster.share(sink.pid, a), msg);
    await cluster.settle();
    expect(sink.got).toEqual([msg]);
  });

  it('brings a pid to another node and back as the very same object', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const echo = b.spawnHandler({
      init: () => null,
      handleMessage(msg, _s, ctx: ProcessContext) {
        const { from } = msg as { from: Pid };
        ctx.send(from, { echoed: from, by: ctx.self });
        return null;
      },
    });
    const echoThere = await cluster.share(echo, a);
    const back: unknown[] = [];
    const origin = a.spawn(async (ctx) => {
      ctx.send(echoThere, { from: ctx.self });
      back.push(await ctx.receive());
    });
    await cluster.settle();
    const reply = back[0] as { echoed: Pid; by: Pid };
    expect(reply.echoed).toBe(origin);
    expect(isPid(reply.by) && reply.by.node).toBe('b@test');
    expect(reply.by).toBe(echoThere);
    expect(reply.by.toString()).toBe(echo.toString());
  });

  it('interns a remote pid: the same remote process arrives as one object each time', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const sink = collector(b);
    const remote = a.spawn(async (ctx) => void (await ctx.receive()));
    const there = await cluster.share(sink.pid, a);
    a.send(there, remote);
    a.send(there, { again: remote });
    await cluster.settle();
    expect(sink.got[0]).toBe((sink.got[1] as { again: Pid }).again);
  });

  it('reaches a name registered on another node with { name, node }', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const sink = collector(b, 'inbox');
    a.send({ name: 'inbox', node: 'b@test' }, 'hello');
    a.send({ name: 'nobody', node: 'b@test' }, 'lost');
    a.send({ name: 'inbox', node: 'z@test' }, 'lost too');
    await cluster.settle();
    expect(sink.got).toEqual(['hello']);
  });

  it('treats { name, node } for its own node as the local name', async () => {
    cluster = await startCluster(['a@test']);
    const [a] = cluster.nodes as [Node];
    const sink = collector(a, 'here');
    a.send({ name: 'here', node: 'a@test' }, 1);
    await cluster.settle();
    expect(sink.got).toEqual([1]);
    expect(() => a.send({ name: 'missing', node: 'a@test' }, 1)).toThrow(/no process is registered/);
  });

  it('drops a message to a dead remote pid, and one to a node that is down, silently', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const gone = await cluster.share(b.spawn(async (ctx) => void (await ctx.receive())), a);
    const sink = collector(b);
    const sinkThere = await cluster.share(sink.pid, a);
    a.send(gone, 'wake up and exit');
    await cluster.settle();
    expect(() => a.send(gone, 'to the dead')).not.toThrow();
    b.stop();
    await cluster.settle();
    expect(a.connectedNodes()).toEqual([]);
    expect(() => a.send(sinkThere, 'to a stopped node')).not.toThrow();
    await cluster.settle();
    expect(sink.got).toEqual([]);
    expect(cluster.logger.entries).toEqual([]);
  });

  it('refuses a message that cannot be encoded at the sender, naming what is wrong', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const sink = collector(b);
    const there = await cluster.share(sink.pid, a);
    let error: unknown;
    try {
      a.send(there, { reply: () => 1 });
    } catch (e) {
      error = e;
    }
    expect(isCorralError(error, 'unencodable')).toBe(true);
    expect((error as Error).message).toContain('packet.msg.reply is a function');
    expect(() => a.send({ name: 'x', node: 'b@test' }, Symbol('s'))).toThrow(/cannot cross/);
    await cluster.settle();
    expect(b.isAlive(sink.pid)).toBe(true);
  });

  it('drops and counts packets that cannot be decoded, logs the first, and keeps working', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const sink = collector(b);
    cluster.hub.inject('a@test', 'b@test', new Uint8Array([1, 2, 3, 4]));
    cluster.hub.inject('a@test', 'b@test', new Uint8Array([]));
    await cluster.settle();
    a.send(await cluster.share(sink.pid, a), 'still here');
    await cluster.settle();
    expect(sink.got).toEqual(['still here']);
    const warnings = cluster.logger.at('warn').map((e) => e.message);
    expect(warnings).toEqual(['node b@test: dropped a packet from a@test (malformed): a 4-byte frame is shorter than a header']);
    expect(b.stats().distribution?.rejected).toEqual({ malformed: 2, forged: 0, unknown: 0, full: 0 });
  });

  it('drops remote messages without a transport, as a node alone always did', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [, b] = cluster.nodes as [Node, Node];
    const { createNode } = await import('../../src/index.js');
    const alone = createNode({ name: 'a@test', creation: 1 });
    const sink = collector(b);
    expect(() => alone.send(sink.pid, { fn: () => 1 })).not.toThrow();
    expect(alone.connectedNodes()).toEqual([]);
  });
});
