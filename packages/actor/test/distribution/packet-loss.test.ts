// A packet lost, duplicated or reordered between two nodes never passes silently: the connection ends on both sides with noconnection, then the nodes reconnect.
import { afterEach, describe, expect, it } from 'vitest';
import { isPid, type Node, type Pid, type ProcessContext } from '../../src/index.js';
import { HEARTBEAT_MS, NODE_TIMEOUT_MS, startCluster, type Cluster } from './cluster.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

/** A process on `node` that traps exits, monitors any pid sent to it as `{ monitor }`, and records everything else it receives. */
function recorder(node: Node, setup: (ctx: ProcessContext) => void = () => undefined): { pid: Pid; got: unknown[] } {
  const got: unknown[] = [];
  const pid = node.spawn(async (ctx) => {
    ctx.trapExit(true);
    setup(ctx);
    for (;;) {
      const msg = await ctx.receive();
      const watch = (msg as { monitor?: unknown }).monitor;
      if (isPid(watch)) ctx.monitor(watch);
      else got.push(msg);
    }
  });
  return { pid, got };
}

/** The system messages among `got` as `TYPE:reason`, sorted. */
const signals = (got: unknown[]) => got.filter((m) => typeof m === 'object').map((m) => `${(m as { type: string }).type}:${String((m as { reason?: unknown }).reason)}`).sort();
/** The numbered messages among `got`. */
const numbers = (got: unknown[]) => got.filter((m) => typeof m === 'number');

const NOCONNECTION = ['DOWN:noconnection', 'EXIT:noconnection'];

/**
 * Nodes a and b; `receiver` on b and `sender` on a are linked, and each monitors the other, so a
 * connection that ends fires a link and a monitor on each side. `to` is the receiver's pid as a knows it.
 */
async function watchedPair() {
  cluster = await startCluster(['a@test', 'b@test']);
  const [a, b] = cluster.nodes as [Node, Node];
  const receiver = recorder(b);
  const to = await cluster.share(receiver.pid, a);
  const sender = recorder(a, (ctx) => {
    ctx.link(to);
    ctx.monitor(to);
    ctx.send(to, { monitor: ctx.self });
  });
  await cluster.settle();
  return { a, b, receiver, sender, to };
}

/** Both nodes see each other again, and a message sent now arrives. */
async function reconnects(a: Node, b: Node, to: Pid, receiver: { got: unknown[] }, expected: number[]): Promise<void> {
  await cluster.advance(2 * HEARTBEAT_MS);
  expect(a.connectedNodes()).toEqual(['b@test']);
  expect(b.connectedNodes()).toEqual(['a@test']);
  a.send(to, 100);
  await cluster.settle();
  expect(numbers(receiver.got)).toEqual([...expected, 100]);
}

const broke = (why: RegExp) => cluster.logger.at('warn').filter((e) => why.test(e.message)).map((e) => e.message.replace(/\d+/g, 'N'));

describe('a packet lost, duplicated or reordered on the way', () => {
  it('a lost packet in the middle: the next one shows the gap, and the connection ends at once on both sides with noconnection', async () => {
    const { a, b, receiver, sender, to } = await watchedPair();
    a.send(to, 1);
    cluster.hub.lose('a@test', 'b@test');
    a.send(to, 2);
    a.send(to, 3);
    await cluster.settle();
    expect(numbers(receiver.got)).toEqual([1]);
    expect(signals(receiver.got)).toEqual(NOCONNECTION);
    expect(signals(sender.got)).toEqual(NOCONNECTION);
    expect(a.connectedNodes()).toEqual([]);
    expect(b.connectedNodes()).toEqual([]);
    expect(broke(/out of order/)).toEqual(['node b@test: the connection to a@test ended: packet N out of order']);
    expect(b.stats().distribution?.broken).toBe(1);
    await reconnects(a, b, to, receiver, [1]);
  });

  it('a lost last packet: the sender\'s heartbeats count it as sent, so the connection ends within two heartbeats, before the node timeout', async () => {
    const { a, b, receiver, sender, to } = await watchedPair();
    a.send(to, 1);
    cluster.hub.lose('a@test', 'b@test');
    a.send(to, 2);
    await cluster.settle();
    expect(numbers(receiver.got)).toEqual([1]);
    expect(signals(receiver.got)).toEqual([]);
    await cluster.advance(2 * HEARTBEAT_MS);
    expect(2 * HEARTBEAT_MS).toBeLessThan(NODE_TIMEOUT_MS);
    expect(signals(receiver.got)).toEqual(NOCONNECTION);
    expect(signals(sender.got)).toEqual(NOCONNECTION);
    expect(broke(/never arrived/)).toEqual(['node b@test: the connection to a@test ended: packets it sent never arrived']);
    await reconnects(a, b, to, receiver, [1]);
  });

  it('a lost exit signal and DOWN: the link and the monitor fire noconnection instead of staying forever', async () => {
    const { a, receiver, sender, to } = await watchedPair();
    const linked = recorder(a, (ctx) => {
      ctx.link(to);
      ctx.send(to, { monitor: ctx.self });
    });
    await cluster.settle();
    cluster.hub.lose('a@test', 'b@test', 2);
    a.exit(linked.pid, 'kill');
    await cluster.settle();
    expect(signals(receiver.got)).toEqual([]);
    await cluster.advance(2 * HEARTBEAT_MS);
    expect(signals(receiver.got)).toEqual([...NOCONNECTION, ...NOCONNECTION].sort());
    expect(signals(sender.got)).toEqual(NOCONNECTION);
  });

  it('a duplicated packet: the copy ends the connection on both sides with noconnection, and nothing after it is applied', async () => {
    const { a, b, receiver, sender, to } = await watchedPair();
    a.send(to, 1);
    cluster.hub.duplicate('a@test', 'b@test');
    a.send(to, 2);
    a.send(to, 3);
    await cluster.settle();
    expect(numbers(receiver.got)).toEqual([1, 2]);
    expect(signals(receiver.got)).toEqual(NOCONNECTION);
    expect(signals(sender.got)).toEqual(NOCONNECTION);
    expect(broke(/out of order/)).toEqual(['node b@test: the connection to a@test ended: packet N out of order']);
    await reconnects(a, b, to, receiver, [1, 2]);
  });

  it('reordered packets: the later one ends the connection on both sides with noconnection, and the earlier one is dropped when it comes', async () => {
    const { a, b, receiver, sender, to } = await watchedPair();
    a.send(to, 1);
    cluster.hub.swap('a@test', 'b@test');
    a.send(to, 2);
    a.send(to, 3);
    await cluster.settle();
    expect(numbers(receiver.got)).toEqual([1]);
    expect(signals(receiver.got)).toEqual(NOCONNECTION);
    expect(signals(sender.got)).toEqual(NOCONNECTION);
    await reconnects(a, b, to, receiver, [1]);
  });

  it('a lost packet the other way: the sender side\'s loss ends the connection the same way', async () => {
    const { a, b, receiver, sender } = await watchedPair();
    const back = await cluster.share(sender.pid, b);
    cluster.hub.lose('b@test', 'a@test');
    b.send(back, 1);
    b.send(back, 2);
    await cluster.settle();
    expect(numbers(sender.got)).toEqual([]);
    expect(signals(sender.got)).toEqual(NOCONNECTION);
    expect(signals(receiver.got)).toEqual(NOCONNECTION);
    expect(a.connectedNodes()).toEqual([]);
    expect(b.connectedNodes()).toEqual([]);
  });
});
