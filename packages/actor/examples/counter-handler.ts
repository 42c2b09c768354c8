import { createNode, hibernate, type ProcessHandler } from '@corral/actor';

type Msg = { type: 'add'; n: number } | { type: 'get'; reply: (n: number) => void };

const counter: ProcessHandler<number> = {
  init: () => 0,
  handleMessage(msg, total) {
    const m = msg as Msg;
    if (m.type === 'add') return hibernate(total + m.n);
    m.reply(total);
    return total;
  },
};

export async function counterTotal(): Promise<number> {
  const node = createNode();
  const pid = node.spawnHandler(counter, { name: 'counter' });
  for (let i = 1; i <= 10; i++) node.send(pid, { type: 'add', n: i });
  return new Promise((reply) => node.send('counter', { type: 'get', reply }));
}
