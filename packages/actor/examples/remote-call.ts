// Calls across nodes: a GenServer on node b, called from node a by { name, node }, by pid and by global name.
import { createNode, GenServer, isCorralError, ok, reply, type GenServerImpl, type Node, type Pid } from '@corral/actor';
import { createMemoryHub } from '@corral/actor/testing';

type Call = { type: 'put'; key: string; value: string } | { type: 'get'; key: string } | { type: 'self' };

const kv: GenServerImpl<Map<string, string>, null, Call, never, unknown> = {
  init: (_args, ctx) => {
    ctx.registerGlobal('kv');
    return ok(new Map());
  },
  handleCall(req, _from, table, ctx) {
    if (req.type === 'put') return reply('ok', new Map(table).set(req.key, req.value));
    if (req.type === 'get') return reply(table.get(req.key), table);
    return reply(ctx.self, table);
  },
};

/** Waits until `check` holds (the nodes found each other, a name spread), one event-loop turn at a time. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

export async function callAcross(): Promise<string[]> {
  const hub = createMemoryHub(); // in production: @corral/redis's transport, one node per OS process
  const a: Node = createNode({ name: 'a@example', creation: 1, transport: hub.transport() });
  const b: Node = createNode({ name: 'b@example', creation: 1, transport: hub.transport() });
  await GenServer.start(b, kv, null, { name: 'kv' });
  await until(() => a.whereisGlobal('kv') !== undefined);
  const log: string[] = [];
  // By registered name on a node; `via` is the node (or process context) the call is made from.
  log.push(String(await GenServer.call({ name: 'kv', node: 'b@example', via: a }, { type: 'put', key: 'lang', value: 'erlang' })));
  // By pid: a pid of b, as node a knows it.
  const pid = (await GenServer.call({ name: 'kv', node: 'b@example', via: a }, { type: 'self' })) as Pid;
  log.push(`${pid.node}: ${String(await GenServer.call(pid, { type: 'get', key: 'lang' }))}`);
  // By global name.
  log.push(`global: ${String(await GenServer.call({ global: 'kv', via: a }, { type: 'get', key: 'lang' }))}`);
  // A node that is down: the call rejects with noconnection.
  b.stop();
  await until(() => a.connectedNodes().length === 0);
  await GenServer.call(pid, { type: 'get', key: 'lang' }).catch((e: unknown) => log.push(isCorralError(e) ? e.code : String(e)));
  a.stop();
  return log;
}
