import { describe, expect, it } from 'vitest';
import { Outbox } from '../src/outbox.js';

const packet = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);

describe('the outbox of packets waiting to be published', () => {
  it('bundles consecutive packets to one destination, and starts a new bundle at each change of destination, keeping the order sent', () => {
    const outbox = new Outbox(1024);
    outbox.push('b@t', packet(1));
    outbox.push('b@t', packet(2, 2));
    outbox.push('*', packet(3));
    outbox.push('b@t', packet(4));
    expect(outbox.size).toBe(4);
    expect(outbox.take()).toEqual([
      { dest: 'b@t', packets: [packet(1), packet(2, 2)], bytes: 3 },
      { dest: '*', packets: [packet(3)], bytes: 1 },
      { dest: 'b@t', packets: [packet(4)], bytes: 1 },
    ]);
    expect(outbox.size).toBe(0);
    expect(outbox.take()).toEqual([]);
  });

  it('asks for a flush once the packets and their length prefixes reach its size', () => {
    const outbox = new Outbox(20);
    expect(outbox.push('b@t', new Uint8Array(6))).toBe(false);
    expect(outbox.push('b@t', new Uint8Array(5))).toBe(false);
    expect(outbox.push('b@t', new Uint8Array(1))).toBe(true);
    outbox.take();
    expect(outbox.push('b@t', new Uint8Array(100))).toBe(true);
  });
});
