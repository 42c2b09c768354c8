// The demo's limits over real sockets: connections at once (503 beyond), and an idle timeout on the node clock that the page's pings hold off.
import { createNode, type Node } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type SimulatedClock } from '@corral/actor/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHAT_SERVER_DEFAULTS, startChatServer, type ChatServer, type ChatServerOptions } from '../src/chat-server.js';
import { TestClient } from './support/test-client.js';
import { upgradeWith } from './support/upgrade-status.js';

let chat: ChatServer | undefined;
let node: Node | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.terminate();
  await chat?.close();
  node?.stop();
  [chat, node] = [undefined, undefined];
});

/** A chat on a node whose time moves only with `clock.advance`. */
async function start(opts: Partial<ChatServerOptions>): Promise<{ port: number; clock: SimulatedClock }> {
  const clock = createSimulatedClock();
  node = createNode({ name: 'limits@test', clock, logger: createRecordingLogger() });
  chat = await startChatServer({ node, port: 0, ...opts });
  return { port: chat.server.address.port, clock };
}

async function open(port: number, path: string): Promise<TestClient> {
  const client = await TestClient.open(`ws://127.0.0.1:${port}${path}`);
  clients.push(client);
  return client;
}

/** Sends the page's keep-alive and waits until the connection process has handled it (so the server has read it). */
async function ping(client: TestClient): Promise<void> {
  const pid = chat!.server.connections().at(-1)!;
  const before = node!.processInfo(pid)?.messagesHandled ?? 0;
  client.send({ type: 'ping' });
  await vi.waitFor(() => expect(node!.processInfo(pid)?.messagesHandled).toBeGreaterThan(before));
}

describe('the chat server', () => {
  it('has defaults of 1000 connections and a 60 s idle timeout', async () => {
    expect(CHAT_SERVER_DEFAULTS).toEqual({ maxConnections: 1000, idleTimeoutMs: 60_000 });
    const { port, clock } = await start({});
    const client = await open(port, '/ws/chat/lobby');
    await client.next('welcome');
    clock.advance(59_999);
    await runUntilIdle(node!);
    expect(chat!.server.connections()).toHaveLength(1);
    clock.advance(1);
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
  });

  it('refuses an upgrade past maxConnections with 503, chat and panel counted together', async () => {
    const { port } = await start({ maxConnections: 2 });
    await open(port, '/ws/chat/lobby');
    await open(port, '/ws/observer');
    expect(await upgradeWith(port, '/ws/chat/lobby', undefined)).toBe(503);
    expect(await upgradeWith(port, '/ws/observer', undefined)).toBe(503);
    expect(chat!.server.connections()).toHaveLength(2);
  });

  it('closes a chat connection with 1000 after idleTimeoutMs without a frame, held off by the page\'s pings', async () => {
    const { port, clock } = await start({ idleTimeoutMs: 1000 });
    const client = await open(port, '/ws/chat/lobby');
    await client.next('welcome');
    clock.advance(900);
    await ping(client);
    clock.advance(900);
    await runUntilIdle(node!);
    expect(chat!.server.connections()).toHaveLength(1);
    expect(client.pending().filter((e) => e.type === 'error')).toEqual([]);
    clock.advance(100);
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
  });

  it('closes a panel connection the same way, and answers its pings with nothing', async () => {
    const { port, clock } = await start({ idleTimeoutMs: 1000 });
    const panel = await open(port, '/ws/observer');
    await panel.next('snapshot');
    await ping(panel);
    clock.advance(999);
    await runUntilIdle(node!);
    expect(chat!.server.connections()).toHaveLength(1);
    clock.advance(1);
    expect(await panel.closed).toEqual({ code: 1000, reason: '' });
    expect(panel.seen.filter((e) => e.type !== 'snapshot')).toEqual([]);
  });
});
