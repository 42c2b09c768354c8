// The global name table as data: claims, the clash rule every node applies, and names dropped with their node.
import { createNode, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlobalNames, winsClash } from '../../src/runtime/global-names.js';
import { parseGlobalPacket } from '../../src/runtime/global-registry.js';

let nodes: Node[];
const idle = () => ({ init: () => null, handleMessage: () => null });
const spawnOn = (node: Node) => node.spawnHandler(idle());

beforeEach(() => {
  nodes = [
    createNode({ name: 'a@host', creation: 1, clock: createSimulatedClock(), logger: createRecordingLogger() }),
    createNode({ name: 'b@host', creation: 1, clock: createSimulatedClock(), logger: createRecordingLogger() }),
    createNode({ name: 'a@host', creation: 2, clock: createSimulatedClock(), logger: createRecordingLogger() }),
  ];
});

afterEach(() => {
  for (const node of nodes) node.stop();
});

describe('the clash rule', () => {
  it('prefers the lowest node name, then the lowest creation, then the lowest process id, whatever the order', () => {
    const [a, b, a2] = nodes as [Node, Node, Node];
    const [pa, pb, pa2] = [spawnOn(a), spawnOn(b), spawnOn(a2)];
    const pa3 = spawnOn(a);
    for (const [win, lose] of [[pa, pb], [pa, pa2], [pa, pa3]] as Array<[Pid, Pid]>) {
      expect(winsClash(win, lose)).toBe(true);
      expect(winsClash(lose, win)).toBe(false);
    }
  });
});

describe('GlobalNames', () => {
  it('adds, keeps the winner of a clash, replaces a loser, and removes only for the owner', () => {
    const [a, b] = nodes as [Node, Node, Node];
    const [pa, pb] = [spawnOn(a), spawnOn(b)];
    const t = new GlobalNames();
    expect(t.claim('x', pb)).toEqual({ type: 'added' });
    expect(t.claim('x', pb)).toEqual({ type: 'same' });
    expect(t.claim('x', pa)).toEqual({ type: 'replaced', loser: pb });
    expect(t.claim('x', pb)).toEqual({ type: 'kept', loser: pb });
    expect(t.namesOf(pb)).toEqual([]);
    expect(t.remove('x', pb)).toBe(false);
    t.claim('y', pb);
    expect(t.names()).toEqual(['x', 'y']);
    expect(t.dropNode('b@host')).toEqual([['y', pb]]);
    expect(t.remove('x', pa)).toBe(true);
    expect(t.whereis('x')).toBeUndefined();
  });

  it('parses only packets that speak for their sender\'s own processes', () => {
    const [a, b] = nodes as [Node, Node, Node];
    const pa = spawnOn(a);
    expect(parseGlobalPacket({ type: 'claim', name: 'x', pid: pa }, 'a@host')).toEqual({ type: 'claim', name: 'x', pid: pa });
    expect(parseGlobalPacket({ type: 'claim', name: 'x', pid: pa }, 'b@host')).toBeNull();
    expect(parseGlobalPacket({ type: 'sync', names: [['x', pa]], reply: true }, 'a@host')).toEqual({ type: 'sync', names: [['x', pa]], reply: true });
    expect(parseGlobalPacket({ type: 'sync', names: [['x', 'pa']], reply: true }, 'a@host')).toBeNull();
    expect(parseGlobalPacket({ type: 'other' }, 'a@host')).toBeNull();
    void b;
  });
});
