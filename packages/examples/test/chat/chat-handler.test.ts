// The chat protocol over real sockets: welcome, join, say, members and their changes, departures, rooms apart, hibernation.
import { afterEach, describe, expect, it } from 'vitest';
import { HARNESS_NODE, membersOn, startHarness, type ChatHarness } from '../support/chat-harness.js';
import { memberList, ofType } from '../support/member-list.js';

let h: ChatHarness;
afterEach(async () => {
  await h.stop();
});

describe('a chat connection', () => {
  it('is welcomed with its room, lower-cased, and the limits', async () => {
    h = await startHarness();
    const client = await h.connect('/ws/chat/General-2');
    expect(await client.next('welcome')).toEqual({ type: 'welcome', room: 'general-2', limits: { nickname: 32, text: 2000 } });
  });

  it('joins with a nickname: everyone in the room hears who joined, with its node; the newcomer gets the member list', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    const bob = await h.join('lobby', 'bob');
    expect(await alice.next('joined')).toEqual({ type: 'joined', nickname: 'bob', node: HARNESS_NODE });
    expect(bob.seen.filter((e) => e.type === 'members')).toEqual([membersOn('alice', 'bob')]);
    expect(memberList(alice.seen)).toEqual(membersOn('alice', 'bob')['members']);
  });

  it('sends each member one joined event per arrival, and the whole list only to the newcomer, once', async () => {
    h = await startHarness();
    const first = await h.join('lobby', 'n0');
    const others = [];
    for (let i = 1; i < 5; i++) others.push(await h.join('lobby', `n${i}`));
    const last = others.at(-1)!;
    await first.next('joined', (e) => e['nickname'] === 'n4');
    expect(ofType(first.seen, 'members')).toEqual([membersOn('n0')]);
    expect(ofType(first.seen, 'joined').map((e) => e['nickname'])).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(ofType(last.seen, 'members')).toEqual([membersOn('n0', 'n1', 'n2', 'n3', 'n4')]);
    expect(ofType(last.seen, 'joined')).toEqual([{ type: 'joined', nickname: 'n4', node: HARNESS_NODE }]);
    expect(memberList(first.seen)).toEqual(membersOn('n0', 'n1', 'n2', 'n3', 'n4')['members']);
  });

  it('says things to everyone in its room, itself included, and to no other room', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    const bob = await h.join('lobby', 'bob');
    const carol = await h.join('elsewhere', 'carol');
    alice.send({ type: 'say', text: 'hello <b>bob</b>\nsecond line' });
    const said = { type: 'said', nickname: 'alice', text: 'hello <b>bob</b>\nsecond line' };
    expect(await bob.next('said')).toEqual(said);
    expect(await alice.next('said')).toEqual(said);
    carol.send({ type: 'say', text: 'anyone?' });
    expect(await carol.next('said')).toEqual({ type: 'said', nickname: 'carol', text: 'anyone?' });
    expect([...alice.seen, ...bob.seen].some((e) => e['text'] === 'anyone?')).toBe(false);
  });

  it('leaves when its tab closes: the others hear who left and get the new member list', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    const bob = await h.join('lobby', 'bob');
    await alice.next('joined', (e) => e['nickname'] === 'bob');
    await bob.close();
    expect(await alice.next('left')).toEqual({ type: 'left', nickname: 'bob', node: HARNESS_NODE });
    expect(memberList(alice.seen)).toEqual(membersOn('alice')['members']);
    expect(ofType(alice.seen, 'members')).toHaveLength(1);
  });

  it('hibernates after every message it handles, and wakes on the next one', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    const bob = await h.join('lobby', 'bob');
    const connections = h.chat.server.connections();
    expect(connections).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      alice.send({ type: 'say', text: `message ${i}` });
      await alice.next('said', (e) => e['text'] === `message ${i}`);
      await bob.next('said', (e) => e['text'] === `message ${i}`);
      for (const pid of connections) expect(h.node.processInfo(pid)?.status).toBe('hibernated');
    }
    const handled = connections.map((pid) => h.node.processInfo(pid)?.messagesHandled ?? 0);
    expect(Math.min(...handled)).toBeGreaterThanOrEqual(3);
  });

  it('has its room as a process of kind room that hibernates between events and exits when the room empties', async () => {
    h = await startHarness();
    const alice = await h.join('quiet-room', 'alice');
    const room = h.node.whereis('room:quiet-room');
    expect(room).toBeDefined();
    expect(h.node.processInfo(room!)).toMatchObject({ kind: 'room', status: 'hibernated' });
    const exited = h.node.awaitExit(room!);
    await alice.close();
    expect(await exited).toBe('normal');
    expect(h.node.whereis('room:quiet-room')).toBeUndefined();
    const bob = await h.join('quiet-room', 'bob');
    expect(ofType(bob.seen, 'members')).toEqual([membersOn('bob')]);
    expect(h.node.whereis('room:quiet-room')).toBeDefined();
    expect(h.node.whereis('room:quiet-room')).not.toBe(room);
  });

  it('refuses a second join and a say before joining with an error event, and stays open', async () => {
    h = await startHarness();
    const client = await h.connect('/ws/chat/lobby');
    await client.next('welcome');
    client.send({ type: 'say', text: 'too early' });
    expect(await client.next('error')).toEqual({ type: 'error', code: 'notJoined', message: 'join the room before saying anything' });
    client.send({ type: 'join', nickname: 'dora' });
    await client.next('joined');
    client.send({ type: 'join', nickname: 'dora again' });
    expect(await client.next('error')).toMatchObject({ code: 'alreadyJoined' });
    client.send({ type: 'say', text: 'still here' });
    expect(await client.next('said')).toMatchObject({ nickname: 'dora', text: 'still here' });
  });
});
