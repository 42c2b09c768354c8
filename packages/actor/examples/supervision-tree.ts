// A small supervision tree: a root supervisor over a worker supervisor over a counter that crashes on purpose and is restarted.
import {
  GenServer, Supervisor, consoleLogger, createNode, isCorralError, ok, reply,
  type ChildSpecInput, type GenServerImpl, type Logger,
} from '@corral/actor';

type Call = 'increment' | 'crash';

// A counter that crashes on purpose when asked to.
const counter: GenServerImpl<number, number, Call, never, number> = {
  init: (start) => ok(start),
  handleCall(request, _from, n) {
    if (request === 'crash') throw new Error('crashed on purpose');
    return reply(n + 1, n + 1);
  },
};

export async function supervisionTree(logger: Logger = consoleLogger): Promise<string[]> {
  const node = createNode({ logger });
  const log: string[] = [];
  // A tree of two levels: the root supervises a worker supervisor, which supervises the counter.
  const workers: ChildSpecInput = {
    id: 'workers',
    type: 'supervisor',
    start: (ctx) => Supervisor.startLink(ctx, {
      flags: { strategy: 'oneForOne', intensity: 3, period: 5000 },
      children: [{ id: 'counter', start: (c) => GenServer.startLink(c, counter, 0, { name: 'counter' }) }],
    }, { name: 'workers' }),
  };
  const root = await Supervisor.start(node, { flags: { strategy: 'oneForAll' }, children: [workers] });
  const count = { node, name: 'counter' };

  log.push(`count: ${await GenServer.call(count, 'increment')}`);
  log.push(`count: ${await GenServer.call(count, 'increment')}`);
  const before = node.whereis('counter');
  await GenServer.call(count, 'crash').catch((e: unknown) => log.push(`crash: ${isCorralError(e) ? e.code : String(e)}`));
  // The supervisor handles the counter's exit before this call: by the answer, the counter was restarted.
  const [child] = await Supervisor.whichChildren({ node, name: 'workers' });
  log.push(`restarted: ${child?.pid !== undefined && child.pid !== before}`);
  log.push(`count: ${await GenServer.call(count, 'increment')}`);

  await Supervisor.stop(root);
  log.push(`processes left: ${node.processes().length}`);
  return log;
}
