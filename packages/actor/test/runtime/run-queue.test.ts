// The run queue: first in first out at any size, its length, and a burst's large array given back once it drains.
import { describe, expect, it } from 'vitest';
import type { Process } from '../../src/runtime/process.js';
import { RunQueue } from '../../src/runtime/run-queue.js';

/** Stand-ins for process records: the queue only stores and returns them. */
function records(n: number, from = 0): Process[] {
  return Array.from({ length: n }, (_, i) => ({ id: from + i }) as unknown as Process);
}

/** How many slots the queue's backing array has (what it holds on to in memory). */
function slotsOf(q: RunQueue): number {
  return (q as unknown as { items: unknown[] }).items.length;
}

function drain(q: RunQueue): Process[] {
  const out: Process[] = [];
  for (let p = q.shift(); p !== null; p = q.shift()) out.push(p);
  return out;
}

describe('RunQueue', () => {
  it('is empty when new: no length, and shift gives null', () => {
    const q = new RunQueue();
    expect(q.length).toBe(0);
    expect(q.empty).toBe(true);
    expect(q.shift()).toBeNull();
  });

  it('gives back one queued process, then is empty again', () => {
    const q = new RunQueue();
    const [p] = records(1);
    q.push(p!);
    expect(q.length).toBe(1);
    expect(q.empty).toBe(false);
    expect(q.shift()).toBe(p);
    expect(q.length).toBe(0);
    expect(q.empty).toBe(true);
    expect(q.shift()).toBeNull();
  });

  it('gives processes back in the order they were queued, counting them, at 2, 17 and 5,000', () => {
    for (const n of [2, 17, 5000]) {
      const q = new RunQueue();
      const ps = records(n);
      for (const p of ps) q.push(p);
      expect(q.length).toBe(n);
      const first = q.shift();
      expect(q.length).toBe(n - 1);
      expect([first, ...drain(q)]).toEqual(ps);
      expect(q.empty).toBe(true);
    }
  });

  it('keeps the order while pushes and shifts interleave across the ring and its growth', () => {
    const q = new RunQueue();
    const model: Process[] = [];
    let next = 0;
    // Push more than shift each round, so the ring wraps around several times and grows past 16, 32 and 64.
    for (let round = 0; round < 40; round++) {
      for (const p of records(3 + (round % 5), next)) {
        q.push(p);
        model.push(p);
      }
      next += 3 + (round % 5);
      for (let i = 0; i < 2 + (round % 3); i++) expect(q.shift()).toBe(model.shift());
      expect(q.length).toBe(model.length);
    }
    expect(drain(q)).toEqual(model);
  });

  it('gives back the large array of a burst once it has drained, and a small queue keeps its array', () => {
    const q = new RunQueue();
    for (const p of records(3000)) q.push(p);
    expect(slotsOf(q)).toBe(4096);
    q.shrinkIfEmpty();
    expect(slotsOf(q)).toBe(4096); // not empty yet: nothing is given back
    expect(drain(q)).toHaveLength(3000);
    q.shrinkIfEmpty();
    expect(slotsOf(q)).toBe(16);
    const again = records(40);
    for (const p of again) q.push(p);
    expect(drain(q)).toEqual(again);
    q.shrinkIfEmpty();
    expect(slotsOf(q)).toBe(64); // below the threshold: kept for the next burst
  });

  it('gives back an array that grew past 1,024 slots, and keeps one of 1,024', () => {
    const q = new RunQueue();
    for (const p of records(1000)) q.push(p);
    expect(slotsOf(q)).toBe(1024);
    drain(q);
    q.shrinkIfEmpty();
    expect(slotsOf(q)).toBe(1024);
    for (const p of records(1100)) q.push(p);
    expect(slotsOf(q)).toBe(2048);
    drain(q);
    q.shrinkIfEmpty();
    expect(slotsOf(q)).toBe(16);
  });
});
