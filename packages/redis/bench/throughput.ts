// One-way throughput between two nodes over Redis, counted at the receiver, beside raw ioredis PUBLISH to a subscriber.
import { rawClients, startPair } from './pair.js';

/** Messages per second from a process of node a to one of node b over Redis, from the first send to the last receive (best of `runs`). */
export async function corralThroughput(url: string, count: number, runs: number): Promise<number> {
  const pair = await startPair(url, 'bench-throughput');
  let best = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const name = `sink-${run}`;
      let start = 0;
      const done = new Promise<number>((resolve) => {
        pair.b.spawn(async (ctx) => {
          for (let got = 0; got < count; got++) await ctx.receive();
          resolve(count / ((performance.now() - start) / 1000));
        }, { name });
      });
      pair.a.spawn((ctx) => {
        start = performance.now();
        for (let i = 0; i < count; i++) ctx.send({ name, node: 'b@bench' }, { i, text: 'a small message' });
      });
      best = Math.max(best, await done);
    }
  } finally {
    pair.stop();
  }
  return best;
}

/** Messages per second published by raw ioredis to one channel and received by a subscriber, from the first PUBLISH to the last message (best of `runs`). */
export async function rawThroughput(url: string, count: number, runs: number, bytes: number): Promise<number> {
  const raw = await rawClients(url, ['bench-raw']);
  const payload = Buffer.alloc(bytes, 7);
  let best = 0;
  try {
    for (let run = 0; run < runs; run++) {
      let got = 0;
      const start = performance.now();
      const done = new Promise<number>((resolve) => {
        const onMessage = (): void => {
          if (++got < count) return;
          raw.sub.off('messageBuffer', onMessage);
          resolve(count / ((performance.now() - start) / 1000));
        };
        raw.sub.on('messageBuffer', onMessage);
      });
      for (let i = 0; i < count; i++) void raw.pub.publish('bench-raw', payload);
      best = Math.max(best, await done);
    }
  } finally {
    await raw.stop();
  }
  return best;
}
