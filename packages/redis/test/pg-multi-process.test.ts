import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { forkChildNode, type ChildNode } from './support/child-node.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

const NAMESPACE = 'pgprocs';
const channelOf = (node: string): string => `${NAMESPACE}:node:${node}`;

let redis: RedisServer;
const children: ChildNode[] = [];

beforeAll(async () => void (redis = await startRedisServer()));
afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
  await redis?.stop(true);
});

function child(name: string): ChildNode {
  const started = forkChildNode({ url: redis.url, name, namespace: NAMESPACE, heartbeatMs: 100, nodeTimeoutMs: 500 });
  children.push(started);
  return started;
}

/** Every Redis message on the cluster's channels, seen by a subscriber of our own, until {@link Wiretap.settle}. */
interface Wiretap {
  /** The messages on `channel` so far. */
  on(channel: string): Buffer[];
  /** Resolves once every message published before this call has been seen (a fence through the same Redis). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

async function wiretap(url: string): Promise<Wiretap> {
  const listener = new Redis(url);
  const fencer = new Redis(url);
  const seen = new Map<string, Buffer[]>();
  let fenced = (): void => undefined;
  listener.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => {
    const name = channel.toString();
    const messages = seen.get(name) ?? [];
    messages.push(message);
    seen.set(name, messages);
  });
  listener.on('messageBuffer', () => fenced());
  await listener.psubscribe(`${NAMESPACE}:*`);
  await listener.subscribe('wiretap:fence');
  return {
    on: (channel) => seen.get(channel) ?? [],
    settle: async () => {
      const done = new Promise<void>((resolve) => (fenced = resolve));
      await fencer.publish('wiretap:fence', 'fence');
      await done;
    },
    close: async () => void (await Promise.all([listener.quit(), fencer.quit()])),
  };
}

/** How many times `text` occurs in the messages of `messages`, as a list of counts (one per message that holds it). */
function occurrences(messages: readonly Buffer[], text: string): number[] {
  const needle = Buffer.from(text, 'latin1');
  const counts: number[] = [];
  for (const message of messages) {
    let count = 0;
    for (let at = message.indexOf(needle); at !== -1; at = message.indexOf(needle, at + needle.length)) count++;
    if (count > 0) counts.push(count);
  }
  return counts;
}

describe('pg across three nodes in separate OS processes over one Redis', () => {
  it('shows every node all the members of the three nodes, and a publish reaches each member exactly once, in one Redis message per other node that has members', async () => {
    const [one, two, three] = ['one@pg', 'two@pg', 'three@pg'].map(child) as [ChildNode, ChildNode, ChildNode];
    await Promise.all([one.next('up'), two.next('up'), three.next('up')]);
    // Group g: 2 members on one, 3 on two, 1 on three. Group h: 1 on one, 1 on three (none on two).
    one.tell({ type: 'pgJoin', group: 'g', count: 2 });
    two.tell({ type: 'pgJoin', group: 'g', count: 3 });
    three.tell({ type: 'pgJoin', group: 'g', count: 1 });
    one.tell({ type: 'pgJoin', group: 'h', count: 1 });
    three.tell({ type: 'pgJoin', group: 'h', count: 1 });
    const g = (await Promise.all([one.next('joined'), two.next('joined'), three.next('joined')])).flatMap((r) => r.pids).sort();
    const h = (await Promise.all([one.next('joined'), three.next('joined')])).flatMap((r) => r.pids).sort();
    expect(new Set(g.map((pid) => pid.split('.')[0])).size).toBe(3);

    for (const node of [one, two, three]) node.tell({ type: 'awaitMembers', group: 'g', count: 6 });
    for (const node of [one, two, three]) expect((await node.next('members')).pids).toEqual(g);
    for (const node of [one, two, three]) node.tell({ type: 'awaitMembers', group: 'h', count: 2 });
    for (const node of [one, two, three]) expect((await node.next('members')).pids).toEqual(h);

    const tap = await wiretap(redis.url);
    try {
      three.tell({ type: 'pgPublish', group: 'g', tag: 'tag:publish-to-g' });
      three.tell({ type: 'pgPublish', group: 'h', tag: 'tag:publish-to-h' });
      // A last publish to both groups: what arrives after it (a duplicate) would have been sent after it.
      three.tell({ type: 'pgPublish', group: 'g', tag: 'tag:fence' });
      three.tell({ type: 'pgPublish', group: 'h', tag: 'tag:fence' });
      expect((await three.next('published')).sent).toBe(6);
      expect((await three.next('published')).sent).toBe(2);
      for (const node of [one, two, three]) node.tell({ type: 'awaitDelivery', tag: 'tag:fence' });
      const delivered = await Promise.all([one.next('delivered'), two.next('delivered'), three.next('delivered')]);
      for (const { received } of delivered) {
        for (const [pid, tags] of Object.entries(received)) {
          expect(tags).toEqual(g.includes(pid) ? ['tag:publish-to-g', 'tag:fence'] : ['tag:publish-to-h', 'tag:fence']);
        }
      }
      expect(delivered.flatMap(({ received }) => Object.keys(received)).sort()).toEqual([...g, ...h].sort());

      await tap.settle();
      // One Redis message to each other node with members, carrying the message once; nothing to three itself nor broadcast.
      expect(occurrences(tap.on(channelOf('one@pg')), 'tag:publish-to-g')).toEqual([1]);
      expect(occurrences(tap.on(channelOf('two@pg')), 'tag:publish-to-g')).toEqual([1]);
      expect(occurrences(tap.on(channelOf('one@pg')), 'tag:publish-to-h')).toEqual([1]);
      expect(occurrences(tap.on(channelOf('two@pg')), 'tag:publish-to-h')).toEqual([]);
      for (const channel of [channelOf('three@pg'), `${NAMESPACE}:all`]) {
        expect(occurrences(tap.on(channel), 'tag:publish')).toEqual([]);
      }
    } finally {
      await tap.close();
    }
  });
});
