// monitor({ name, node }) of a name registered on another node: DOWN naming it, noproc, noconnection, demonitor.
import { afterEach, describe, expect, it } from 'vitest';
import { isDownMessage, type Node, type Pid, type ProcessContext, type Ref } from '../../src/index.js';
import { HEARTBEAT_MS, NODE_TIMEOUT_MS, startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

/** A process on `node` registered as `name` that exits with the reason it is sent. */
function waiter(node: Node, name: string): Pid {
  return node.spawn(async (ctx) => {
    ctx.exit(await ctx.receive());
  }, { name });
}

/** A process on `node` that runs `setup` (which returns the ref it wants kept), then records what it receives. */
function recorder(node: Node, setup: (ctx: ProcessContext) => Ref): { pid: Pid; got: unknown[]; ref: () => Ref } {
  const got: unknown[] = [];
  let ref: Ref | undefined;
  const pid = node.spawn(async (ctx) => {
    ref = setup(ctx);
    for (;;) got.push(await ctx.receive());
  });
  return { pid, got, ref: () => ref as Ref };
}

const down = (ref: Ref, name: string, node: string, reason: unknown) => ({ type: 'DOWN', ref, pid: { name, node }, reason });

describe('monitoring a name registered on another node', () => {
  it('delivers one DOWN naming { name, node } with the exit reason when the process exits', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b, 'kv');
    const w = recorder(a, (ctx) => ctx.monitor({ name: 'kv', node: 'b@test' }));
    await cluster.settle();
    expect(b.processInfo(target)?.monitoredBy.map(String)).toEqual([w.pid.toString()]);
    b.send(target, 'bye');
    await cluster.settle();
    expect(w.got).toEqual([down(w.ref(), 'kv', 'b@test', 'bye')]);
  });

  it('delivers DOWN noproc naming { name, node } when nobody holds the name there', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a] = cluster.nodes as [Node, Node];
    const w = recorder(a, (ctx) => ctx.monitor({ name: 'nobody', node: 'b@test' }));
    await cluster.settle();
    expect(w.got).toEqual([down(w.ref(), 'nobody', 'b@test', 'noproc')]);
  });

  it('delivers DOWN noconnection when the node goes down, and at once when it is not connected', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a] = cluster.nodes as [Node, Node];
    waiter(cluster.nodes[1] as Node, 'kv');
    const w = recorder(a, (ctx) => ctx.monitor({ name: 'kv', node: 'b@test' }));
    await cluster.settle();
    cluster.hub.kill('b@test');
    await cluster.advance(NODE_TIMEOUT_MS - HEARTBEAT_MS);
    expect(w.got).toEqual([]);
    await cluster.advance(2 * HEARTBEAT_MS);
    expect(w.got).toEqual([down(w.ref(), 'kv', 'b@test', 'noconnection')]);
    const late = recorder(a, (ctx) => ctx.monitor({ name: 'kv', node: 'b@test' }));
    await cluster.settle();
    expect(late.got).toEqual([down(late.ref(), 'kv', 'b@test', 'noconnection')]);
  });

  it('demonitors: no DOWN afterwards, and the other node forgets the monitor', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b, 'kv');
    const answers: boolean[] = [];
    const w = recorder(a, (ctx) => {
      const ref = ctx.monitor({ name: 'kv', node: 'b@test' });
      answers.push(ctx.demonitor(ref), ctx.demonitor(ref));
      return ref;
    });
    await cluster.settle();
    expect(answers).toEqual([true, false]);
    expect(b.processInfo(target)?.monitoredBy).toEqual([]);
    b.send(target, 'bye');
    await cluster.settle();
    expect(w.got).toEqual([]);
  });

  it('tells the other node when the watcher exits, so the monitor does not outlive it', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const target = waiter(b, 'kv');
    const w = a.spawn(async (ctx) => {
      ctx.monitor({ name: 'kv', node: 'b@test' });
      await ctx.receive();
    });
    await cluster.settle();
    expect(b.processInfo(target)?.monitoredBy).toHaveLength(1);
    a.exit(w, 'kill');
    await cluster.settle();
    expect(b.processInfo(target)?.monitoredBy).toEqual([]);
  });

  it('ignores a DOWN of another pid for a monitor on a name (only the monitored one counts)', async () => {
    cluster = await startCluster(['a@test', 'b@test']);
    const [a, b] = cluster.nodes as [Node, Node];
    const first = waiter(b, 'kv');
    const w = recorder(a, (ctx) => ctx.monitor({ name: 'kv', node: 'b@test' }));
    await cluster.settle();
    b.send(first, 'normal');
    await cluster.settle();
    const second = waiter(b, 'kv');
    b.send(second, 'normal');
    await cluster.settle();
    expect(w.got.filter((m) => isDownMessage(m))).toEqual([down(w.ref(), 'kv', 'b@test', 'normal')]);
  });
});
