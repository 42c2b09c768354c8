// The forms of ServerRef across nodes: { name, node, via }, { global, via }, and supervisor client calls on a remote supervisor.
import { afterEach, describe, expect, it } from 'vitest';
import {
  DynamicSupervisor, GenServer, isCorralError, noreply, ok, reply,
  type GenServerImpl, type Node, type Pid, type ProcessContext,
} from '../../src/index.js';
import { startCluster, type Cluster } from '../distribution/cluster.js';
import { watch } from './probes.js';

let cluster: Cluster;
afterEach(() => cluster.stop());

/** Answers every call with `'<name>: <request>'`, so a test sees which server answered; casts go to `casts`. */
function echo(name: string, casts: string[] = []): GenServerImpl<null, null, string, string, string> {
  return {
    init: () => ok(null),
    handleCall: (req, _from, state) => reply(`${name}: ${req}`, state),
    handleCast: (msg, state) => {
      casts.push(msg);
      return noreply(state);
    },
  };
}

/** Nodes a and b, and `kv` (registered as 'kv') on b. */
async function twoNodes(): Promise<{ a: Node; b: Node; kv: Pid }> {
  cluster = await startCluster(['a@test', 'b@test']);
  const [a, b] = cluster.nodes as [Node, Node];
  return { a, b, kv: await GenServer.start(b, echo('kv on b'), null, { name: 'kv' }) };
}

/** Runs `body` in a process of `node` and watches its outcome. */
function fromProcess<T>(node: Node, body: (ctx: ProcessContext) => Promise<T>) {
  let outcome!: ReturnType<typeof watch<T>>;
  node.spawn(async (ctx) => {
    outcome = watch(body(ctx));
  });
  return () => outcome();
}

describe('a server by { name, node, via }', () => {
  it('calls the name registered on another node, from a node or from a process', async () => {
    const { a } = await twoNodes();
    const fromNode = watch(GenServer.call({ name: 'kv', node: 'b@test', via: a }, 'get'));
    const fromCtx = fromProcess(a, (ctx) => GenServer.call({ name: 'kv', node: 'b@test', via: ctx }, 'put'));
    await cluster.settle();
    expect(fromNode()).toEqual({ state: 'resolved', value: 'kv on b: get' });
    expect(fromCtx()).toEqual({ state: 'resolved', value: 'kv on b: put' });
  });

  it('calls a name of the via node itself locally', async () => {
    const { a } = await twoNodes();
    await GenServer.start(a, echo('kv on a'), null, { name: 'kv' });
    const outcome = watch(GenServer.call({ name: 'kv', node: 'a@test', via: a }, 'get'));
    await cluster.settle();
    expect(outcome()).toEqual({ state: 'resolved', value: 'kv on a: get' });
  });

  it('rejects with noproc when the name is free on that node', async () => {
    const { a } = await twoNodes();
    const outcome = watch(GenServer.call({ name: 'nobody', node: 'b@test', via: a }, 'get'));
    await cluster.settle();
    const error = (outcome() as { error: unknown }).error;
    expect(isCorralError(error, 'noproc') && error.reason).toBe('noproc');
  });

  it('rejects with noconnection when that node is not connected', async () => {
    const { a } = await twoNodes();
    const outcome = watch(GenServer.call({ name: 'kv', node: 'c@test', via: a }, 'get'));
    await cluster.settle();
    expect(isCorralError((outcome() as { error: unknown }).error, 'noconnection')).toBe(true);
  });

  it('casts to it and stops it', async () => {
    const { a, b } = await twoNodes();
    const casts: string[] = [];
    const server = await GenServer.start(b, echo('cache', casts), null, { name: 'cache' });
    const exited = b.awaitExit(server);
    GenServer.cast({ name: 'cache', node: 'b@test', via: a }, 'warm');
    await cluster.settle();
    expect(casts).toEqual(['warm']);
    const stopped = watch(GenServer.stop({ name: 'cache', node: 'b@test', via: a }, 'shutdown'));
    await cluster.settle();
    expect(stopped()).toEqual({ state: 'resolved', value: undefined });
    expect(await exited).toBe('shutdown');
  });

  it('throws badDestination for a via that is neither a node nor a process context', async () => {
    await twoNodes();
    expect(() => GenServer.call({ name: 'kv', node: 'b@test', via: {} as Node }, 'get')).toThrow(expect.objectContaining({ code: 'badDestination' }));
  });
});

describe('a server by { global, via }', () => {
  it('calls the owner of a global name registered from a process with ctx.registerGlobal', async () => {
    const { a, b } = await twoNodes();
    const registered: boolean[] = [];
    await GenServer.start(b, {
      init: (_args: null, ctx: ProcessContext) => {
        registered.push(ctx.registerGlobal('leader'), ctx.registerGlobal('leader')); // taken the second time, as global:register_name says no
        return ok(null);
      },
      handleCall: (req: string, _from, state: null) => reply(`leader: ${req}`, state),
    }, null);
    await cluster.settle();
    expect(registered).toEqual([true, false]);
    expect(a.whereisGlobal('leader')?.node).toBe('b@test');
    const outcome = watch(GenServer.call({ global: 'leader', via: a }, 'who'));
    await cluster.settle();
    expect(outcome()).toEqual({ state: 'resolved', value: 'leader: who' });
  });

  it('rejects with noproc when nobody owns the name', async () => {
    const { a } = await twoNodes();
    const outcome = watch(GenServer.call({ global: 'leader', via: a }, 'who'));
    await cluster.settle();
    expect(isCorralError((outcome() as { error: unknown }).error, 'noproc')).toBe(true);
  });
});

describe('supervisor client calls toward another node', () => {
  it('starts, counts and lists the children of a DynamicSupervisor on another node', async () => {
    const { a, b } = await twoNodes();
    const sup = await DynamicSupervisor.start(b, { child: { start: (ctx: ProcessContext, id: string) => GenServer.startLink(ctx, echo(id), null) } }, { name: 'sup' });
    const there = { name: 'sup', node: 'b@test', via: a };
    const started = watch(DynamicSupervisor.startChild(there, 'w1'));
    await cluster.settle();
    const child = (started() as { value: Pid }).value;
    expect(child.node).toBe('b@test');
    const counts = watch(DynamicSupervisor.countChildren(there));
    const children = watch(DynamicSupervisor.whichChildren(there));
    const answer = watch(GenServer.call(child, 'ping'));
    await cluster.settle();
    expect(counts()).toEqual({ state: 'resolved', value: { specs: 1, active: 1, supervisors: 0, workers: 1 } });
    expect(children()).toEqual({ state: 'resolved', value: [{ pid: child, restarting: false, type: 'worker' }] });
    expect(answer()).toEqual({ state: 'resolved', value: 'w1: ping' });
    expect(b.isAlive(sup)).toBe(true);
  });

  it('rejects with the supervisor error it answered, code and all', async () => {
    const { a, b } = await twoNodes();
    await DynamicSupervisor.start(b, { child: { start: (ctx: ProcessContext) => GenServer.startLink(ctx, echo('w'), null) } }, { name: 'sup' });
    const kvThere = await cluster.share(b.whereis('kv') as Pid, a);
    const outcome = watch(DynamicSupervisor.terminateChild({ name: 'sup', node: 'b@test', via: a }, kvThere));
    await cluster.settle();
    const error = (outcome() as { error: unknown }).error;
    expect(isCorralError(error, 'childNotFound')).toBe(true);
    expect((error as Error).message).toBe(`no child with this id: ${kvThere.toString()}`);
  });
});
