// Exit watches: one per process however often it is watched, released on demand, reported once on exit.
import { createNode, type Node, type Pid } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitWatches } from '../../src/pg/exit-watches.js';

let node: Node;
let exits: Array<[Pid, unknown]>;
let watches: ExitWatches;
const idle = { init: () => null, handleMessage: () => null };

beforeEach(() => {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
  exits = [];
  watches = new ExitWatches(node.runtime, (pid, reason) => exits.push([pid, reason]));
});

afterEach(() => node.stop());

describe('ExitWatches', () => {
  it('watches a process once, however often asked, and reports its exit once', () => {
    const a = node.spawnHandler(idle);
    expect(watches.watch(a)).toBe(true);
    expect(watches.watch(a)).toBe(true);
    expect(watches.size).toBe(1);
    node.exit(a, 'shutdown');
    expect(exits).toEqual([[a, 'shutdown']]);
    expect(watches.size).toBe(0);
  });

  it('refuses a process that is not alive', () => {
    const a = node.spawnHandler(idle);
    node.exit(a, 'kill');
    expect(watches.watch(a)).toBe(false);
    expect(watches.size).toBe(0);
  });

  it('reports nothing for a released or cleared process', () => {
    const [a, b] = [node.spawnHandler(idle), node.spawnHandler(idle)];
    watches.watch(a);
    watches.watch(b);
    watches.release(a);
    node.exit(a, 'kill');
    watches.clear();
    node.exit(b, 'kill');
    expect(exits).toEqual([]);
  });
});
