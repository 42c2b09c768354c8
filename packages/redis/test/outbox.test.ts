import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/outbox.js';

const packet = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);

describe('the outbox of packets waiting to be published', () => {
  it('bundles consecutive packets to one channel, and starts a new bundle at each change of channel, keeping the order sent', () => {
    const outbox = new Outbox(1024);
    outbox.push('b', packet(1));
    outbox.push('b', packet(2, 2));
    outbox.push('all', packet(3));
    outbox.push('b', packet(4));
    expect(outbox.size).toBe(4);
    expect(outbox.take()).toEqual([
      { channel: 'b', packets: [packet(1), packet(2, 2)], bytes: 3 },
      { channel: 'all', packets: [packet(3)], bytes: 1 },
      { channel: 'b', packets: [packet(4)], bytes: 1 },
    ]);
    expect(outbox.size).toBe(0);
    expect(outbox.take()).toEqual([]);
  });

  it('asks for a flush once the packets and their length prefixes reach its size', () => {
    const outbox = new Outbox(20);
    expect(outbox.push('b', new Uint8Array(6))).toBe(false);
    expect(outbox.push('b', new Uint8Array(5))).toBe(false);
    expect(outbox.push('b', new Uint8Array(1))).toBe(true);
    outbox.take();
    expect(outbox.push('b', new Uint8Array(100))).toBe(true);
  });
});
