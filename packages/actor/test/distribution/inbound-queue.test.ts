import { describe, expect, it } from 'vitest';
import { InboundQueue, PACKETS_PER_TURN } from '../../src/distribution/inbound-queue.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the inbound queue', () => {
  it('handles a burst in arrival order, at most its share per event-loop turn', async () => {
    const handled: number[] = [];
    const queue = new InboundQueue((_from, bytes) => void handled.push(bytes[0] as number));
    for (let i = 0; i < 150; i++) queue.push('a', new Uint8Array([i]));
    expect(PACKETS_PER_TURN).toBe(64);
    expect(handled).toHaveLength(64);
    expect(queue.empty).toBe(false);
    await turn();
    expect(handled).toHaveLength(128);
    await turn();
    expect(handled).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(queue.empty).toBe(true);
  });

  it('keeps order when a packet arrives while earlier ones wait, and forgets the waiting ones on clear', async () => {
    const handled: string[] = [];
    const queue = new InboundQueue((from) => void handled.push(from));
    for (let i = 0; i < 64; i++) queue.push('first', new Uint8Array());
    queue.push('second', new Uint8Array());
    queue.push('third', new Uint8Array());
    queue.clear();
    await turn();
    expect(handled.filter((f) => f !== 'first')).toEqual([]);
    queue.push('later', new Uint8Array());
    expect(handled.at(-1)).toBe('later');
  });
});
