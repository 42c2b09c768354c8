// The subscriptions of a scope as data: indexed by ref, by group and by subscriber.
import { createNode, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Subscriptions } from '../../src/pg/subscriptions.js';

let node: Node;
let s: Pid;
let t: Pid;

beforeEach(() => {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
  const idle = { init: () => null, handleMessage: () => null };
  [s, t] = [node.spawnHandler(idle), node.spawnHandler(idle)];
});

afterEach(() => node.stop());

describe('Subscriptions', () => {
  it('lists the subscribers of a group and of the whole scope apart', () => {
    const subs = new Subscriptions();
    const [r1, r2, r3] = [node.makeRef(), node.makeRef(), node.makeRef()];
    subs.add(r1, s, 'room');
    subs.add(r2, t, 'room');
    subs.add(r3, s, null);
    expect([...subs.ofGroup('room')]).toEqual([[r1, s], [r2, t]]);
    expect([...subs.ofGroup('other')]).toEqual([]);
    expect([...subs.ofScope()]).toEqual([[r3, s]]);
  });

  it('remove returns the subscription once, and a subscriber is known while it holds any', () => {
    const subs = new Subscriptions();
    const [r1, r2] = [node.makeRef(), node.makeRef()];
    subs.add(r1, s, 'room');
    subs.add(r2, s, null);
    expect(subs.remove(r1)).toEqual({ subscriber: s, group: 'room' });
    expect(subs.remove(r1)).toBeUndefined();
    expect(subs.has(s)).toBe(true);
    subs.remove(r2);
    expect(subs.has(s)).toBe(false);
    expect([...subs.ofGroup('room')]).toEqual([]);
  });

  it('removeSubscriber drops every subscription of that process and no other', () => {
    const subs = new Subscriptions();
    const [r1, r2, r3] = [node.makeRef(), node.makeRef(), node.makeRef()];
    subs.add(r1, s, 'room');
    subs.add(r2, s, null);
    subs.add(r3, t, 'room');
    subs.removeSubscriber(s);
    expect([...subs.subscribers()]).toEqual([t]);
    expect([...subs.ofGroup('room')]).toEqual([[r3, t]]);
    expect([...subs.ofScope()]).toEqual([]);
  });
});
