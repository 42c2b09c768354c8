// The room process and ChatRooms without sockets: arrivals and departures from pg membership, in any order.
import { createNode, startPg, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle, type RecordingLogger } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatRooms } from '../../src/chat/chat-rooms.js';
import { enter as enterMessage } from '../../src/chat/room-messages.js';
import { memberList } from '../support/member-list.js';
import { roomMember, type Heard } from '../support/room-member.js';

let node: Node;
let logger: RecordingLogger;
let rooms: ChatRooms;

afterEach(() => node.stop());

function start(): void {
  logger = createRecordingLogger();
  node = createNode({ name: 'lab@test', clock: createSimulatedClock(), logger });
  rooms = new ChatRooms(startPg(node, { scope: 'chat' }), logger);
}

/** The member list of a `members` event for `nicknames`, all on this test's node. */
function here(...nicknames: string[]): Heard {
  return { type: 'members', members: nicknames.map((nickname) => ({ nickname, node: 'lab@test' })) };
}

/** A `joined` or `left` event of `nickname` on this test's node. */
function change(type: 'joined' | 'left', nickname: string): Heard {
  return { type, nickname, node: 'lab@test' };
}

async function enter(room: string, nickname: string): Promise<{ pid: Pid; heard: Heard[] }> {
  const heard: Heard[] = [];
  const pid = node.spawnHandler(roomMember(rooms, heard));
  node.send(pid, { room, nickname });
  await runUntilIdle(node);
  return { pid, heard };
}

describe('a room', () => {
  it('starts with its first member, as a hibernating process of kind room, and announces it', async () => {
    start();
    const ada = await enter('lab', 'ada');
    const room = node.whereis('room:lab')!;
    expect(node.processInfo(room)).toMatchObject({ kind: 'room', status: 'hibernated', registeredName: 'room:lab' });
    expect(ada.heard).toEqual([change('joined', 'ada'), here('ada')]);
  });

  it('announces each arrival to everyone in the room, and gives the newcomer the member list', async () => {
    start();
    const ada = await enter('lab', 'ada');
    const bob = await enter('lab', 'bob');
    expect(ada.heard.slice(2)).toEqual([change('joined', 'bob')]);
    expect(bob.heard).toEqual([change('joined', 'bob'), here('ada', 'bob')]);
    expect(rooms.population('lab')).toBe(2);
  });

  it('announces a departure when a member exits, and exits itself when the last one has gone', async () => {
    start();
    const ada = await enter('lab', 'ada');
    const bob = await enter('lab', 'bob');
    const room = node.whereis('room:lab')!;
    node.exit(bob.pid, 'kill');
    await runUntilIdle(node);
    expect(ada.heard.slice(-1)).toEqual([change('left', 'bob')]);
    expect(memberList(ada.heard)).toEqual(here('ada')['members']);
    const exited = node.awaitExit(room);
    node.exit(ada.pid, 'kill');
    expect(await exited).toBe('normal');
  });

  it('announces members who enter in the same turn, before the room process has even run', async () => {
    start();
    const heard: Heard[][] = [[], [], []];
    const pids = heard.map((h) => node.spawnHandler(roomMember(rooms, h)));
    await runUntilIdle(node);
    pids.forEach((pid, i) => node.send(pid, { room: 'busy', nickname: `n${i}` }));
    await runUntilIdle(node);
    for (const h of heard) expect(memberList(h)).toEqual(here('n0', 'n1', 'n2')['members']);
    expect(heard.every((h) => h.filter((e) => e['type'] === 'joined').length >= 1)).toBe(true);
  });

  it('ignores a nickname for a process that is not in its group', async () => {
    start();
    const ada = await enter('lab', 'ada');
    const ghost = node.spawnHandler({ init: () => null, handleMessage: (_m, s) => s });
    node.send('room:lab', enterMessage(ghost, 'ghost'));
    await runUntilIdle(node);
    const bob = await enter('lab', 'bob');
    expect(bob.heard.at(-1)).toEqual(here('ada', 'bob'));
    expect(ada.heard.some((e) => e['nickname'] === 'ghost')).toBe(false);
  });

  it('logs an unexpected message rather than dropping it silently', async () => {
    start();
    await enter('lab', 'ada');
    node.send('room:lab', 'what is this');
    await runUntilIdle(node);
    expect(logger.at('warn').map((e) => e.message)).toEqual([expect.stringMatching(/^room lab .* got an unexpected message$/)]);
  });

  it('keeps rooms apart: what is said in one is heard only there', async () => {
    start();
    const ada = await enter('lab', 'ada');
    const bob = await enter('hall', 'bob');
    expect(rooms.say('lab', 'ada', 'hello lab')).toBe(1);
    await runUntilIdle(node);
    expect(ada.heard.at(-1)).toEqual({ type: 'said', nickname: 'ada', text: 'hello lab' });
    expect(bob.heard.some((e) => e['type'] === 'said')).toBe(false);
  });
});
