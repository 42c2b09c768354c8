import { afterEach, describe, expect, it } from 'vitest';
import { isDownMessage, isExitMessage, type Node, type Pid, type ProcessContext } from '../../src/index.js';
import { startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

/** A process on `node` that waits for 'exit' and exits with the reason it is sent. */
function waiter(node: Node): Pid {
  return node.spawn(async (ctx) => {
    const { reason } = (await ctx.receive()) as { reason: unknown };
    ctx.exit(reason);
  });
}

/** A process on `node` that links (or monitors) `target`, traps exits if asked, and records what it receives. */
function watcher(node: Node, target: Pid, how: 'link' | 'monitor', trap = false): { pid: Pid; got: unknown[] } {
  const got: unknown[] = [];
  const pid = node.spawn(async (ctx: ProcessContext) => {
    ctx.trapExit(trap);
    if (how === 'link') ctx.link(target);
    else ctx.monitor(target);
    for (;;) got.push(await ctx.receive());
  });
  return { pid, got };
}

describe('links across nodes', () => {
  it('carries an abnormal exit to the linked process on the other node, which dies with it', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const linked = watcher(a, await cluster.share(target, a), 'link');
    await cluster.settle();
    const exited = a.awaitExit(linked.pid);
    b.send(target, { reason: 'boom' });
    await cluster.settle();
    expect(await exited).toBe('boom');
  });

  it('carries the exit of the linking process back to the linked one', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = b.spawn(async (ctx) => {
      ctx.trapExit(true);
      const exits: unknown[] = [];
      for (;;) {
        const msg = await ctx.receive();
        exits.push(msg);
        if (isExitMessage(msg)) ctx.exit({ saw: msg.reason });
      }
    });
    const there = await cluster.share(target, a);
    const linker = a.spawn(async (ctx) => {
      ctx.link(there);
      await ctx.receive();
      ctx.exit('bye');
    });
    await cluster.settle();
    const exited = b.awaitExit(target);
    a.send(linker, 'go');
    await cluster.settle();
    expect(await exited).toEqual({ saw: 'bye' });
  });

  it('does not kill for a normal exit across nodes', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const linked = watcher(a, await cluster.share(target, a), 'link');
    await cluster.settle();
    b.send(target, { reason: 'normal' });
    await cluster.settle();
    expect(a.isAlive(linked.pid)).toBe(true);
    expect(linked.got).toEqual([]);
  });

  it('gives an EXIT message to a process that traps exits', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const there = await cluster.share(target, a);
    const linked = watcher(a, there, 'link', true);
    await cluster.settle();
    b.send(target, { reason: 'normal' });
    await cluster.settle();
    expect(linked.got).toHaveLength(1);
    const exit = linked.got[0];
    expect(isExitMessage(exit) && exit.from === there && exit.reason).toBe('normal');
  });

  it('gives noproc when linking to a remote pid that is already dead', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const there = await cluster.share(target, a);
    b.send(target, { reason: 'normal' });
    await cluster.settle();
    const trapping = watcher(a, there, 'link', true);
    const plain = watcher(a, there, 'link');
    await cluster.settle();
    expect(trapping.got).toHaveLength(1);
    expect((trapping.got[0] as { reason: unknown }).reason).toBe('noproc');
    expect(await a.awaitExit(plain.pid)).toBe('noproc');
    expect(a.isAlive(plain.pid)).toBe(false);
  });

  it('stops carrying exits after unlink', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const there = await cluster.share(target, a);
    const linker = a.spawn(async (ctx) => {
      ctx.link(there);
      await ctx.receive();
      ctx.unlink(there);
      await ctx.receive();
    });
    await cluster.settle();
    a.send(linker, 'unlink');
    await cluster.settle();
    b.send(target, { reason: 'boom' });
    await cluster.settle();
    expect(a.isAlive(linker)).toBe(true);
  });

  it('sends exit(pid, reason) to a remote process', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const there = await cluster.share(target, a);
    const exited = b.awaitExit(target);
    a.exit(there, 'kill');
    await cluster.settle();
    expect(await exited).toBe('killed');
  });
});

describe('monitors across nodes', () => {
  it('gives DOWN with the exit reason of the remote process', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const there = await cluster.share(target, a);
    const mon = watcher(a, there, 'monitor');
    await cluster.settle();
    b.send(target, { reason: { why: 'crash', at: new Date(3) } });
    await cluster.settle();
    expect(mon.got).toHaveLength(1);
    const down = mon.got[0];
    expect(isDownMessage(down) && down.pid === there).toBe(true);
    expect((down as { reason: unknown }).reason).toEqual({ why: 'crash', at: new Date(3) });
  });

  it('gives DOWN noproc for a remote pid that is already dead', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const there = await cluster.share(target, a);
    b.send(target, { reason: 'normal' });
    await cluster.settle();
    const mon = watcher(a, there, 'monitor');
    await cluster.settle();
    expect(mon.got.map((m) => (m as { reason: unknown }).reason)).toEqual(['noproc']);
  });

  it('gives no DOWN after demonitor, and the remote side forgets the monitor', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const there = await cluster.share(target, a);
    const got: unknown[] = [];
    const mon = a.spawn(async (ctx) => {
      const ref = ctx.monitor(there);
      await ctx.receive();
      got.push(ctx.demonitor(ref));
      for (;;) got.push(await ctx.receive());
    });
    await cluster.settle();
    expect(b.processInfo(target)).toBeDefined();
    a.send(mon, 'demonitor');
    await cluster.settle();
    b.send(target, { reason: 'boom' });
    await cluster.settle();
    expect(got).toEqual([true]);
  });

  it('carries an exit reason that cannot be encoded as its printed form', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b);
    const mon = watcher(a, await cluster.share(target, a), 'monitor');
    await cluster.settle();
    b.send(target, { reason: { fn: () => 1 } });
    await cluster.settle();
    expect(typeof (mon.got[0] as { reason: unknown }).reason).toBe('string');
  });
});
