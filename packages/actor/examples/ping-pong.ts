import { createNode, isDownMessage, TIMEOUT, type Pid } from '@corral/actor';

export async function pingPong(): Promise<string[]> {
  const node = createNode();
  const log: string[] = [];
  const pong = node.spawn(async (ctx) => {
    for (;;) {
      const msg = (await ctx.receive()) as { from: Pid; n: number };
      ctx.send(msg.from, { n: msg.n + 1 });
    }
  }, { name: 'pong' });
  const ping = node.spawn(async (ctx) => {
    const ref = ctx.monitor('pong');
    ctx.send('pong', { from: ctx.self, n: 1 });
    log.push(`ping got ${JSON.stringify(await ctx.receive())}`);
    ctx.exit(pong, 'kill');
    const down = await ctx.receive((m) => isDownMessage(m, ref), { timeout: 1000 });
    log.push(down === TIMEOUT ? 'no DOWN' : `pong is down: ${String(down.reason)}`);
  });
  log.push(`ping exited: ${String(await node.awaitExit(ping))}`);
  return log;
}
