// Chat rooms over three nodes of one process (the in-memory hub, a simulated clock): nicknames asked across nodes, one list, each announcement once.
import { createNode, startPg, type Node, type Pid } from '@corral/actor';
import { createMemoryHub, createRecordingLogger, createSimulatedClock, runUntilIdle, type MemoryHub, type SimulatedClock } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatRooms } from '../../src/chat/chat-rooms.js';
import { enter as enterMessage } from '../../src/chat/room-messages.js';
import { memberList } from '../support/member-list.js';
import { roomMember, type Heard } from '../support/room-member.js';

const HEARTBEAT_MS = 100;
const NODE_TIMEOUT_MS = 400;

interface ChatNode {
  node: Node;
  rooms: ChatRooms;
}

let hub: MemoryHub;
let clock: SimulatedClock;
let nodes: ChatNode[] = [];
afterEach(() => {
  for (const { node } of nodes) node.stop();
  nodes = [];
});

const settle = (): Promise<void> => runUntilIdle(nodes.map((n) => n.node));

/** Three nodes `a@test`, `b@test`, `c@test` on one hub, each with the chat's pg scope and rooms, connected to each other. */
async function threeNodes(): Promise<[ChatNode, ChatNode, ChatNode]> {
  hub = createMemoryHub();
  clock = createSimulatedClock();
  const logger = createRecordingLogger();
  nodes = ['a@test', 'b@test', 'c@test'].map((name) => {
    const node = createNode({ name, creation: 1, transport: hub.transport(), clock, logger, heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: NODE_TIMEOUT_MS });
    return { node, rooms: new ChatRooms(startPg(node, { scope: 'chat' }), logger) };
  });
  await settle();
  for (const { node } of nodes) expect(node.connectedNodes()).toHaveLength(2);
  return nodes as [ChatNode, ChatNode, ChatNode];
}

/** A stand-in connection on `at` that enters `room` as `nickname`. */
async function enter(at: ChatNode, room: string, nickname: string): Promise<{ pid: Pid; heard: Heard[] }> {
  const heard: Heard[] = [];
  const pid = at.node.spawnHandler(roomMember(at.rooms, heard));
  at.node.send(pid, { room, nickname });
  await settle();
  return { pid, heard };
}

const members = (...list: [string, string][]): Heard => ({ type: 'members', members: list.map(([nickname, node]) => ({ nickname, node })) });
/** The list a member's page holds after what it heard. */
const listOf = (heard: Heard[]): unknown => ({ type: 'members', members: memberList(heard) });
const joins = (heard: Heard[]): unknown[] => heard.filter((e) => e['type'] === 'joined').map((e) => e['nickname']);

describe('chat rooms across nodes', () => {
  it('gives every member, on every node, one member list naming each member and its node', async () => {
    const [a, b, c] = await threeNodes();
    const ada = await enter(a, 'lab', 'ada');
    const bob = await enter(b, 'lab', 'bob');
    const cy = await enter(c, 'lab', 'cy');
    const all = members(['ada', 'a@test'], ['bob', 'b@test'], ['cy', 'c@test']);
    for (const member of [ada, bob, cy]) expect(listOf(member.heard)).toEqual(all);
    expect(ada.heard.filter((e) => e['type'] === 'members')).toEqual([members(['ada', 'a@test'])]);
    for (const { rooms } of nodes) expect(rooms.population('lab')).toBe(3);
  });

  it('announces each arrival once to each member, though a room runs on every node with members', async () => {
    const [a, b, c] = await threeNodes();
    const ada = await enter(a, 'lab', 'ada');
    const ann = await enter(a, 'lab', 'ann');
    const bob = await enter(b, 'lab', 'bob');
    const cy = await enter(c, 'lab', 'cy');
    expect(joins(ada.heard)).toEqual(['ada', 'ann', 'bob', 'cy']);
    expect(joins(ann.heard)).toEqual(['ann', 'bob', 'cy']);
    expect(joins(bob.heard)).toEqual(['bob', 'cy']);
    expect(joins(cy.heard)).toEqual(['cy']);
    for (const { node } of nodes) expect(node.whereis('room:lab')).toBeDefined();
  });

  it('lets a room started after others joined on other nodes learn their nicknames by asking them, and list them without announcing them as arrivals', async () => {
    const [a, b] = await threeNodes();
    await enter(a, 'lab', 'ada');
    await enter(a, 'lab', 'ann');
    expect(b.node.whereis('room:lab')).toBeUndefined();
    const bob = await enter(b, 'lab', 'bob');
    expect(listOf(bob.heard)).toEqual(members(['ada', 'a@test'], ['ann', 'a@test'], ['bob', 'b@test']));
    expect(joins(bob.heard)).toEqual(['bob']); // the others were there before: listed, not announced as arrivals
    expect(bob.heard.filter((e) => e['type'] === 'present').map((e) => e['nickname']).sort()).toEqual(['ada', 'ann']);
  });

  it('sends what a member says to every member once, with one packet per other node', async () => {
    const [a, b, c] = await threeNodes();
    const heard = [await enter(a, 'lab', 'ada'), await enter(a, 'lab', 'ann'), await enter(b, 'lab', 'bob'), await enter(b, 'lab', 'bo'), await enter(c, 'lab', 'cy')];
    const before = hub.sent;
    expect(b.rooms.say('lab', 'bob', 'hello')).toBe(5);
    await settle();
    expect(hub.sent - before).toBe(2);
    for (const member of heard) expect(member.heard.filter((e) => e['type'] === 'said')).toEqual([{ type: 'said', nickname: 'bob', text: 'hello' }]);
  });

  it('drops the members of a node that goes down from the lists on the others within the detection time', async () => {
    const [a, b, c] = await threeNodes();
    const ada = await enter(a, 'lab', 'ada');
    const bob = await enter(b, 'lab', 'bob');
    await enter(c, 'lab', 'cy');
    hub.kill('c@test');
    for (let waited = 0; waited < NODE_TIMEOUT_MS + HEARTBEAT_MS; waited += HEARTBEAT_MS) {
      clock.advance(HEARTBEAT_MS);
      await settle();
    }
    expect(a.node.connectedNodes()).toEqual(['b@test']);
    for (const member of [ada, bob]) {
      expect(member.heard.at(-1)).toEqual({ type: 'left', nickname: 'cy', node: 'c@test' });
      expect(listOf(member.heard)).toEqual(members(['ada', 'a@test'], ['bob', 'b@test']));
    }
  });

  it('ignores an answer from a process that is not in the room, and leaves when its last local member has gone', async () => {
    const [a, b] = await threeNodes();
    const ada = await enter(a, 'lab', 'ada');
    const bob = await enter(b, 'lab', 'bob');
    const stranger = b.node.spawnHandler({ init: () => null, handleMessage: (_m, s) => s });
    b.node.send({ name: 'room:lab', node: 'a@test' }, enterMessage(stranger, 'mallory'));
    await settle();
    expect(ada.heard.some((e) => e['nickname'] === 'mallory')).toBe(false);
    const roomOnB = b.node.whereis('room:lab')!;
    const exited = b.node.awaitExit(roomOnB);
    b.node.exit(bob.pid, 'kill');
    expect(await exited).toBe('normal');
    await settle();
    expect(ada.heard.at(-1)).toEqual({ type: 'left', nickname: 'bob', node: 'b@test' });
    expect(listOf(ada.heard)).toEqual(members(['ada', 'a@test']));
  });
});
