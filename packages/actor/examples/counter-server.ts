// A counter GenServer: calls read and add, a cast resets, and it hibernates after each call.
import { createNode, GenServer, noreply, ok, reply, type GenServerImpl } from '@corral/actor';

type Call = { type: 'add'; n: number } | { type: 'get' };
type Cast = { type: 'reset' };

const counter: GenServerImpl<number, number, Call, Cast, number> = {
  init: (start) => ok(start),
  handleCall: (req, _from, total) =>
    req.type === 'add' ? reply(total + req.n, total + req.n, { hibernate: true }) : reply(total, total),
  handleCast: () => noreply(0),
};

export async function countTo(): Promise<number[]> {
  const node = createNode();
  const pid = await GenServer.start(node, counter, 10, { name: 'counter' });
  const seen = [await GenServer.call(pid, { type: 'add', n: 5 })];
  GenServer.cast(pid, { type: 'reset' });
  seen.push(await GenServer.call({ node, name: 'counter' }, { type: 'get' }));
  await GenServer.stop(pid);
  return seen;
}
