// Bad input over real sockets: odd room names, bad JSON, long fields, huge and binary messages, floods; nobody else is affected.
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_BUCKET } from '../../src/chat/token-bucket.js';
import { HARNESS_NODE, startHarness, type ChatHarness } from '../support/chat-harness.js';
import type { TestClient } from '../support/test-client.js';

let h: ChatHarness;
afterEach(async () => {
  await h.stop();
});

/** Checks that `client` still chats normally: its message comes back to it and to `other`. */
async function stillChats(client: TestClient, other: TestClient, text: string): Promise<void> {
  client.send({ type: 'say', text });
  await client.next('said', (e) => e['text'] === text);
  await other.next('said', (e) => e['text'] === text);
}

describe('bad input', () => {
  it.each([
    ['an odd character', '/ws/chat/caf%C3%A9'],
    ['markup', '/ws/chat/%3Cscript%3E'],
    ['a name over 32 characters', `/ws/chat/${'a'.repeat(33)}`],
    ['an underscore', '/ws/chat/not_allowed'],
  ])('refuses a room name with %s: an error event, then close 1008', async (_what, path) => {
    h = await startHarness();
    const client = await h.connect(path);
    expect(await client.next('error')).toMatchObject({ type: 'error', code: 'badRoom' });
    expect(await client.closed).toEqual({ code: 1008, reason: 'bad room name' });
  });

  it.each([
    ['text that is not JSON', 'hello', 'badJson'],
    ['a JSON array', '[1,2]', 'badJson'],
    ['JSON null', 'null', 'badJson'],
    ['an object without a type', '{"text":"hi"}', 'badJson'],
    ['an unknown type', '{"type":"shout","text":"hi"}', 'badMessage'],
    ['a say without text', '{"type":"say"}', 'badText'],
    ['a blank message', '{"type":"say","text":"   "}', 'badText'],
    ['a message of 2,001 characters', JSON.stringify({ type: 'say', text: 'x'.repeat(2001) }), 'badText'],
  ])('answers %s with an error event and keeps the connection', async (_what, raw, code) => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    const bob = await h.join('lobby', 'bob');
    alice.sendRaw(raw);
    expect(await alice.next('error')).toMatchObject({ type: 'error', code });
    await stillChats(alice, bob, 'fine again');
    expect(bob.seen.some((e) => e.type === 'error')).toBe(false);
  });

  it.each([
    ['empty', '', 'a nickname cannot be empty'],
    ['33 characters long', 'n'.repeat(33), 'a nickname is at most 32 characters'],
    ['a line break', 'two\nlines', 'a nickname cannot contain control characters or line breaks'],
    ['not a string', 42, 'a nickname must be a string'],
  ])('refuses a nickname that is %s', async (_what, nickname, message) => {
    h = await startHarness();
    const client = await h.connect('/ws/chat/lobby');
    await client.next('welcome');
    client.send({ type: 'join', nickname });
    expect(await client.next('error')).toEqual({ type: 'error', code: 'badNickname', message });
    client.send({ type: 'join', nickname: ' fine ' });
    expect(await client.next('joined')).toEqual({ type: 'joined', nickname: 'fine', node: HARNESS_NODE });
  });

  it('accepts a message of exactly 2,000 characters', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    alice.send({ type: 'say', text: 'é'.repeat(2000) });
    expect(await alice.next('said')).toMatchObject({ text: 'é'.repeat(2000) });
  });

  it('closes with 1009 on a message over 16 KiB; the others chat on', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    const bob = await h.join('lobby', 'bob');
    const mallory = await h.join('lobby', 'mallory');
    mallory.sendRaw(JSON.stringify({ type: 'say', text: 'x'.repeat(17 * 1024) }));
    expect((await mallory.closed).code).toBe(1009);
    expect(await alice.next('left', (e) => e['nickname'] === 'mallory')).toBeDefined();
    await stillChats(alice, bob, 'after the big one');
  });

  it('closes with 1003 on a binary message', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    alice.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
    expect(await alice.next('error')).toMatchObject({ code: 'binary' });
    expect(await alice.closed).toEqual({ code: 1003, reason: 'binary messages are not supported' });
  });
});

describe('the flood limit', () => {
  it('lets a burst through, refuses what follows with rateLimited, and closes a flood with 1008; the others chat on', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    const bob = await h.join('lobby', 'bob');
    const flooder = await h.join('lobby', 'flooder');
    // The clock does not move: the join spent a token, so capacity - 1 messages pass.
    const total = 3 * CHAT_BUCKET.capacity;
    for (let i = 0; i < total; i++) flooder.send({ type: 'say', text: `spam ${i}` });
    expect(await flooder.closed).toEqual({ code: 1008, reason: 'flood' });
    const said = flooder.seen.filter((e) => e.type === 'said').map((e) => e['text']);
    const limited = flooder.seen.filter((e) => e.type === 'error' && e['code'] === 'rateLimited');
    expect(said).toEqual(Array.from({ length: CHAT_BUCKET.capacity - 1 }, (_, i) => `spam ${i}`));
    expect(limited).toHaveLength(CHAT_BUCKET.capacity + 1);
    expect(limited.at(-1)).toMatchObject({ message: 'too many messages: closing' });
    await alice.next('left', (e) => e['nickname'] === 'flooder');
    await stillChats(alice, bob, 'quiet again');
  });

  it('refills with time on the node clock', async () => {
    h = await startHarness();
    const alice = await h.join('lobby', 'alice');
    for (let i = 0; i < CHAT_BUCKET.capacity; i++) alice.send({ type: 'say', text: `burst ${i}` });
    expect(await alice.next('error')).toMatchObject({ code: 'rateLimited' });
    h.clock.advance(1000);
    alice.send({ type: 'say', text: 'a second later' });
    expect(await alice.next('said', (e) => e['text'] === 'a second later')).toBeDefined();
  });
});
