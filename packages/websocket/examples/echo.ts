// examples/echo.ts
// An echo handler: every connection is a process, so a message from outside can end it politely.
import { createNode } from '@corral/actor';
import { close, listen, ok, reply, route, text, type WebSocketHandler } from '@corral/websocket';
import WebSocket from 'ws';

const echo: WebSocketHandler<{ count: number }> = {
  websocketInit(_req, _opts, ctx) {
    ctx.send(ctx.self, 'welcome'); // arrives before any frame from the client
    return ok({ count: 0 }, { timeout: 60_000 });
  },
  websocketHandle: (frame, _req, state) =>
    frame.type === 'text' ? reply(text(`echo ${frame.data}`), { count: state.count + 1 }, { hibernate: true }) : ok(state),
  websocketInfo: (msg, _req, state) =>
    msg === 'welcome' ? reply(text('welcome'), state) : reply([text(`bye after ${state.count}`), close(1000)], state),
  websocketTerminate() {},
};

export async function echoSession(): Promise<string[]> {
  const node = createNode();
  const server = await listen(node, { port: 0, routes: [route('/echo', echo)] });
  const client = new WebSocket(`ws://127.0.0.1:${server.address.port}/echo`);
  const seen: string[] = [];
  client.on('message', (data) => {
    seen.push(String(data));
    if (seen.length === 1) client.send('hello');
    if (seen.length === 2) for (const pid of server.connections()) node.send(pid, 'goodbye');
  });
  seen.push(`closed ${await new Promise<number>((resolve) => client.on('close', resolve))}`);
  await server.close();
  return seen;
}
