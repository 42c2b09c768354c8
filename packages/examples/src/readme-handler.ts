// A WebSocket handler that receives messages from other processes: each connection joins the pg group 'news'.
import { startPg, type Node, type Pg } from '@corral/actor';
import { listen, ok, reply, route, text, type WebSocketHandler } from '@corral/websocket';

const news: WebSocketHandler<number, Pg> = {
  websocketInit: (_req, pg, ctx) => { pg.join('news', ctx.self); return ok(0, { hibernate: true }); },
  websocketHandle: (_frame, _req, heard) => ok(heard),
  websocketInfo: (msg, _req, heard) => reply(text(`${heard + 1}: ${String(msg)}`), heard + 1, { hibernate: true }),
  websocketTerminate() {},
};

export async function startNews(node: Node, port: number) {
  const pg = startPg(node);
  return { pg, server: await listen(node, { port, routes: [route('/news', news, pg)] }) };
}
