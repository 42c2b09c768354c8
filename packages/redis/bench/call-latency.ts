// GenServer.call latency: a call to a server on another node over Redis, beside the same call to a server of the calling node.
import { GenServer, ok, reply, type GenServerImpl, type Node, type Pid } from '@corral/actor';
import { startPair } from './pair.js';

/** Answers each call with its request. */
const echo: GenServerImpl<null, null, number, never, number> = {
  init: () => ok(null),
  handleCall: (n, _from, state) => reply(n, state),
};

/** Durations, in ms, of `count` calls, one at a time, from outside any process to `server`. */
async function timeCalls(server: Pid, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let n = 0; n < count; n++) {
    const start = performance.now();
    await GenServer.call<number, number>(server, n);
    times.push(performance.now() - start);
  }
  return times;
}

/** Starts the echo server on `node` and returns its pid as node `from` knows it (passed over in a message). */
async function serverOn(node: Node, from: Node): Promise<Pid> {
  const pid = await GenServer.start(node, echo, null);
  if (node === from) return pid;
  return new Promise<Pid>((resolve) => {
    from.spawn(async (ctx) => {
      ctx.send({ name: 'share', node: node.name }, ctx.self);
      resolve((await ctx.receive()) as Pid);
    });
    node.spawn(async (ctx) => ctx.send((await ctx.receive()) as Pid, pid), { name: 'share' });
  });
}

/** Call durations, in ms: `remote` from node a to a server on node b over Redis, `local` from node a to a server on a. */
export async function callRoundTrips(url: string, count: number): Promise<{ remote: number[]; local: number[] }> {
  const pair = await startPair(url, 'bench-call');
  try {
    const remote = await timeCalls(await serverOn(pair.b, pair.a), count);
    const local = await timeCalls(await serverOn(pair.a, pair.a), count);
    return { remote, local };
  } finally {
    pair.stop();
  }
}
