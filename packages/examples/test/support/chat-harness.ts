// Test helper: a chat server on a free loopback port, on a node with a simulated clock, and clients that join it.
import { createNode, type Node } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, type RecordingLogger, type SimulatedClock } from '@corral/actor/testing';
import { startChatServer, type ChatServer } from '../../src/chat-server.js';
import { TestClient, type Event } from './test-client.js';

/** The harness's node name: the node every member of its rooms lives on. */
export const HARNESS_NODE = 'test@localhost';

/** The nicknames listed by a `members` event. */
export function nicknamesOf(event: Event): string[] {
  return (event['members'] as { nickname: string }[]).map((m) => m.nickname);
}

/** The `members` event listing `nicknames`, each on the harness's node. */
export function membersOn(...nicknames: string[]): Event {
  return { type: 'members', members: nicknames.map((nickname) => ({ nickname, node: HARNESS_NODE })) };
}

/** A running test chat. */
export interface ChatHarness {
  chat: ChatServer;
  node: Node;
  clock: SimulatedClock;
  logger: RecordingLogger;
  /** Opens a WebSocket to `path` (e.g. `/ws/chat/lobby`). */
  connect(path: string): Promise<TestClient>;
  /** Connects to `room` and joins as `nickname`; resolves once the room announced it to this client. */
  join(room: string, nickname: string): Promise<TestClient>;
  /** Closes every client, the server and the node. */
  stop(): Promise<void>;
}

/** Starts a chat on a new node whose time moves only with `clock.advance`. */
export async function startHarness(opts: { top?: number } = {}): Promise<ChatHarness> {
  const clock = createSimulatedClock();
  const logger = createRecordingLogger();
  const node = createNode({ name: HARNESS_NODE, clock, logger });
  const chat = await startChatServer({ node, port: 0, top: opts.top });
  const clients: TestClient[] = [];
  const base = `ws://127.0.0.1:${chat.server.address.port}`;
  const connect = async (path: string): Promise<TestClient> => {
    const client = await TestClient.open(`${base}${path}`);
    clients.push(client);
    return client;
  };
  return {
    chat,
    node,
    clock,
    logger,
    connect,
    async join(room, nickname) {
      const client = await connect(`/ws/chat/${room}`);
      await client.next('welcome');
      client.send({ type: 'join', nickname });
      await client.next('joined', (e) => e['nickname'] === nickname);
      await client.next('members', (e) => nicknamesOf(e).includes(nickname));
      return client;
    },
    async stop() {
      for (const client of clients) client.socket.terminate();
      await chat.close();
      node.stop();
    },
  };
}
