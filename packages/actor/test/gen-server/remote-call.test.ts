// GenServer.call, cast and stop toward a server on another node, by its pid: replies, failures, and late replies.
import { afterEach, describe, expect, it } from 'vitest';
import { GenServer, isCorralError, noreply, ok, reply, type From, type GenServerImpl, type Node, type Pid } from '../../src/index.js';
import { HEARTBEAT_MS, NODE_TIMEOUT_MS, startCluster, type Cluster } from '../distribution/cluster.js';
import { watch } from './probes.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

type Call = { type: 'add'; n: number } | { type: 'whoCalls' } | { type: 'later' } | { type: 'fn' };
type Cast = { type: 'reset' };

/** A counter that also answers who called it, defers one reply (to `answerLater`), and can reply with a function. */
const counter: GenServerImpl<{ total: number; waiting: From | null }, number, Call, Cast, unknown> = {
  init: (total) => ok({ total, waiting: null }),
  handleCall(req, from, state) {
    switch (req.type) {
      case 'add':
        return reply(state.total + req.n, { ...state, total: state.total + req.n });
      case 'whoCalls':
        return reply({ pid: from.pid, node: from.pid.node }, state);
      case 'later':
        return noreply({ ...state, waiting: from });
      case 'fn':
        return reply(() => 1, state);
    }
  },
  handleCast: (_msg, state) => noreply({ ...state, total: 0 }),
  handleInfo(msg, state) {
    if (msg === 'answerLater' && state.waiting !== null) GenServer.reply(state.waiting, 'late');
    return noreply({ ...state, waiting: null });
  },
};

/** Nodes a and b; a counter on b, and its pid as a knows it. */
async function serverOnB(): Promise<{ a: Node; b: Node; server: Pid; there: Pid }> {
  cluster = await startCluster(['a@test', 'b@test']);
  const [a, b] = cluster.nodes as [Node, Node];
  const server = await GenServer.start(b, counter, 10, { name: 'counter' });
  return { a, b, server, there: await cluster.share(server, a) };
}

describe('GenServer toward a remote pid', () => {
  it('calls a server on another node and resolves with its reply', async () => {
    const { there } = await serverOnB();
    const first = watch(GenServer.call(there, { type: 'add', n: 5 }));
    await cluster.settle();
    expect(first()).toEqual({ state: 'resolved', value: 15 });
  });

  it('makes the call from a process of the calling node, which has exited once the reply came', async () => {
    const { a, there } = await serverOnB();
    const before = a.processes();
    const who = watch(GenServer.call(there, { type: 'whoCalls' }));
    await cluster.settle();
    const outcome = who();
    expect(outcome.state).toBe('resolved');
    const { pid, node } = (outcome as { value: { pid: Pid; node: string } }).value;
    expect(node).toBe('a@test');
    expect(a.isAlive(pid)).toBe(false);
    expect(a.processes()).toEqual(before);
  });

  it('casts to a remote server and stops it with a reason', async () => {
    const { b, server, there } = await serverOnB();
    GenServer.cast(there, { type: 'reset' });
    const total = watch(GenServer.call(there, { type: 'add', n: 1 }));
    await cluster.settle();
    expect(total()).toEqual({ state: 'resolved', value: 1 });
    const exit = b.awaitExit(server);
    const stopped = watch(GenServer.stop(there, 'shutdown'));
    await cluster.settle();
    expect(stopped()).toEqual({ state: 'resolved', value: undefined });
    expect(await exit).toBe('shutdown');
  });

  it('rejects a call to a remote pid that is not alive with noproc', async () => {
    const { b, server, there } = await serverOnB();
    b.exit(server, 'kill');
    await cluster.settle();
    const outcome = watch(GenServer.call(there, { type: 'add', n: 1 }));
    await cluster.settle();
    const error = (outcome() as { error: unknown }).error;
    expect(isCorralError(error, 'noproc')).toBe(true);
  });

  it('rejects a call with exit and the reason when the server dies before replying', async () => {
    const { b, server, there } = await serverOnB();
    const outcome = watch(GenServer.call(there, { type: 'later' }));
    await cluster.settle();
    b.exit(server, 'boom');
    await cluster.settle();
    const error = (outcome() as { error: unknown }).error;
    expect(isCorralError(error, 'exit') && error.reason).toBe('boom');
  });

  it('rejects a pending call with noconnection when the server node goes down', async () => {
    const { there } = await serverOnB();
    const outcome = watch(GenServer.call(there, { type: 'later' }, Infinity));
    await cluster.settle();
    cluster.hub.kill('b@test');
    await cluster.advance(NODE_TIMEOUT_MS - HEARTBEAT_MS);
    expect(outcome().state).toBe('pending');
    await cluster.advance(2 * HEARTBEAT_MS);
    const error = (outcome() as { error: unknown }).error;
    expect(isCorralError(error, 'noconnection') && error.reason).toBe('noconnection');
  });

  it('rejects a call at once with noconnection when the server node is not connected', async () => {
    const { b, there } = await serverOnB();
    b.stop();
    await cluster.settle();
    const outcome = watch(GenServer.call(there, { type: 'add', n: 1 }));
    await cluster.settle();
    expect(isCorralError((outcome() as { error: unknown }).error, 'noconnection')).toBe(true);
  });

  it('drops a reply that comes after the timeout: the call rejected, and nothing is left on the calling node', async () => {
    const { a, b, there } = await serverOnB();
    const before = a.processes();
    const outcome = watch(GenServer.call(there, { type: 'later' }, 50));
    await cluster.settle();
    cluster.clock.advance(50);
    await cluster.settle();
    expect(isCorralError((outcome() as { error: unknown }).error, 'timeout')).toBe(true);
    b.send('counter', 'answerLater');
    await cluster.settle();
    expect(a.processes()).toEqual(before);
    expect(cluster.logger.entries).toEqual([]);
  });

  it('rejects a request that cannot cross with unencodable, and a reply that cannot cross the same way', async () => {
    const { there } = await serverOnB();
    const request = watch(GenServer.call(there, { type: 'add', n: 1, f: () => 1 } as unknown as Call));
    const answer = watch(GenServer.call(there, { type: 'fn' }));
    await cluster.settle();
    expect(isCorralError((request() as { error: unknown }).error, 'unencodable')).toBe(true);
    expect(isCorralError((answer() as { error: unknown }).error, 'unencodable')).toBe(true);
  });
});
