import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingLogger } from '@corral/actor/testing';
import { createRedisTransport, type DropReason, type RedisTransport } from '../src/index.js';
import { startRedisServer, type RedisServer } from './support/redis-server.js';

let redis: RedisServer;
beforeAll(async () => void (redis = await startRedisServer()));
afterAll(async () => redis?.stop(true));

/** A started transport of node a@test, and the drops it reported. */
async function started(opts: { maxOutboxBytes?: number } = {}): Promise<{ transport: RedisTransport; drops: [string | null, number, DropReason][]; logger: ReturnType<typeof createRecordingLogger> }> {
  const drops: [string | null, number, DropReason][] = [];
  const logger = createRecordingLogger();
  const transport = createRedisTransport({ url: redis.url, namespace: 'bp', logger, backoff: { initialDelayMs: 20, maxDelayMs: 200 }, ...opts });
  await transport.start({ name: 'a@test', creation: 1 }, { packet: () => undefined, dropped: (toNode, count, reason) => void drops.push([toNode, count, reason]) });
  return { transport, drops, logger };
}

/** Resolves after the current tick's end (when the transport has flushed and reported). */
const endOfTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Waits (bounded by the test's timeout) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the outbox of a peer while Redis does not take packets', () => {
  it('stays under maxOutboxBytes: past it packets to that peer are dropped and reported as an overflow, and memory stays bounded', async () => {
    const { transport, drops, logger } = await started({ maxOutboxBytes: 1024 * 1024 });
    const packet = new Uint8Array(64 * 1024).fill(7); // one packet object, sent again and again: the transport's copies are all that grows
    const before = process.memoryUsage().arrayBuffers;
    process.kill(redis.pid as number, 'SIGSTOP'); // Redis answers nothing: the publishes wait in ioredis and its socket
    try {
      for (let i = 0; i < 320; i++) transport.send('b@test', packet); // 20 MiB
      await endOfTick();
      // 15 packets of 65,540 bytes (with their length) fit under 1 MiB, the 16th would not.
      expect(transport.stats().outboxBytes).toEqual({ 'b@test': 15 * 65_540 });
      expect(drops).toEqual([['b@test', 305, 'overflow']]);
      expect(transport.stats().dropped).toBe(305);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024 + 4 * 1024 * 1024);
      expect(logger.at('warn').map((e) => e.message)).toEqual([
        'node a@test: the outbox to node b@test passed maxOutboxBytes (1048576; Redis takes packets slower than they are sent): packets to it are dropped',
      ]);
    } finally {
      process.kill(redis.pid as number, 'SIGCONT');
    }
    await until(() => Object.keys(transport.stats().outboxBytes).length === 0);
    transport.send('b@test', packet);
    await endOfTick();
    expect(drops).toHaveLength(1);
    await transport.stop();
  });

  it('drops and reports as unreachable the packets sent while Redis is gone, broadcasts as null', async () => {
    const { transport, drops } = await started();
    await redis.stop(true);
    try {
      await until(() => !transport.connected);
      transport.send('b@test', new Uint8Array([1]));
      transport.send('b@test', new Uint8Array([2]));
      transport.broadcast(new Uint8Array([3]));
      await endOfTick();
      expect(drops).toEqual([['b@test', 2, 'unreachable'], [null, 1, 'unreachable']]);
      expect(transport.stats()).toEqual({ outboxBytes: {}, dropped: 3, rejected: { mac: 0, replay: 0, oversize: 0, malformed: 0 } });
    } finally {
      await redis.restart();
      await transport.stop();
    }
  });
});
