// Round-trip latency between two nodes over Redis (a call answered by an echo), beside a raw ioredis PUBLISH ping-pong.
import type { Pid } from '@corral/actor';
import { rawClients, startPair } from './pair.js';

/** The p50 and p99 of `samples`, in microseconds. */
export function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (q: number): number => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) * 1000;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Round trips, in ms, of a message from a process of node a to an echo on node b and back. */
export async function corralRoundTrips(url: string, count: number): Promise<number[]> {
  const pair = await startPair(url, 'bench-latency');
  try {
    pair.b.spawn(async (ctx) => {
      for (;;) {
        const { from, n } = (await ctx.receive()) as { from: Pid; n: number };
        ctx.send(from, n);
      }
    }, { name: 'echo' });
    return await new Promise<number[]>((resolve) => {
      pair.a.spawn(async (ctx) => {
        const times: number[] = [];
        for (let n = 0; n < count; n++) {
          const start = performance.now();
          ctx.send({ name: 'echo', node: 'b@bench' }, { from: ctx.self, n });
          await ctx.receive();
          times.push(performance.now() - start);
        }
        resolve(times);
      });
    });
  } finally {
    pair.stop();
  }
}

/** Round trips, in ms, of a raw PUBLISH answered by another PUBLISH from the subscriber's side. */
export async function rawRoundTrips(url: string, count: number, bytes: number): Promise<number[]> {
  const side1 = await rawClients(url, ['bench-pong']);
  const side2 = await rawClients(url, ['bench-ping']);
  const payload = Buffer.alloc(bytes, 7);
  side2.sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => void side2.pub.publish('bench-pong', message));
  try {
    const times: number[] = [];
    for (let n = 0; n < count; n++) {
      const start = performance.now();
      const back = new Promise<void>((resolve) => side1.sub.once('messageBuffer', () => resolve()));
      void side1.pub.publish('bench-ping', payload);
      await back;
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    await Promise.all([side1.stop(), side2.stop()]);
  }
}
