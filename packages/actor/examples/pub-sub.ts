// A chat room on pg: members join a group, one publishes to the others, one leaves and a subscriber sees it go.
import { createNode, isPgEvent, startPg, type Pg, type Pid, type ProcessHandler } from '@corral/actor';

type ChatMsg = { type: 'say'; text: string } | { type: 'said'; from: string; text: string };

/** A chat member: `say` publishes to the room, `said` is what another member said; it leaves (exits) after hearing `patience` lines. */
function member(pg: Pg, name: string, heard: string[], patience = Infinity): ProcessHandler<number> {
  return {
    init: () => 0,
    handleMessage(msg, count, ctx) {
      const m = msg as ChatMsg;
      if (m.type === 'say') {
        pg.publish('room', { type: 'said', from: name, text: m.text }, { except: ctx.self });
        return count;
      }
      heard.push(`${name} heard ${m.from}: ${m.text}`);
      if (count + 1 >= patience) ctx.exit('normal');
      return count + 1;
    },
  };
}

export async function chatRoom(): Promise<{ heard: string[]; events: string[] }> {
  const node = createNode();
  const pg = startPg(node, { scope: 'chat' });
  const heard: string[] = [];
  const events: string[] = [];
  const moderator = node.spawn(async (ctx) => {
    const { ref } = pg.monitor('room', ctx.self);
    const names = new Map<Pid, string>();
    for (const [name, patience] of [['alice', Infinity], ['bob', 1], ['carol', Infinity]] as const) {
      names.set(ctx.spawnHandler(member(pg, name, heard, patience)), name);
    }
    pg.join('room', [...names.keys()]);
    const [alice] = names.keys();
    ctx.send(alice as Pid, { type: 'say', text: 'hello' });
    for (;;) {
      const event = await ctx.receive((m) => isPgEvent(m, ref));
      events.push(`${event.type}: ${event.pids.map((pid) => names.get(pid)).join(', ')}`);
      if (event.type === 'leave') break;
    }
  });
  await node.awaitExit(moderator);
  node.stop();
  return { heard: heard.sort(), events };
}
