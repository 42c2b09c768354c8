// whereisPg: a running scope found by its name, from a node or a process, and not once it has stopped.
import { createNode, startPg, whereisPg, type Node, type Pg } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let node: Node;

beforeEach(() => {
  node = createNode({ clock: createSimulatedClock(), logger: createRecordingLogger() });
});

afterEach(() => node.stop());

describe('whereisPg', () => {
  it('finds a running scope by its name, the default one as pg', () => {
    const pg = startPg(node);
    const chat = startPg(node, { scope: 'chat' });
    expect(whereisPg(node)).toBe(pg);
    expect(whereisPg(node, 'chat')).toBe(chat);
  });

  it('finds it from inside a process too', async () => {
    const pg = startPg(node);
    let found: Pg | undefined;
    node.spawn((ctx) => {
      found = whereisPg(ctx);
    });
    await runUntilIdle(node);
    expect(found).toBe(pg);
  });

  it('finds nothing under a free name or the name of a process that is not a scope', () => {
    node.spawnHandler({ init: () => null, handleMessage: () => null }, { name: 'impostor' });
    expect(whereisPg(node)).toBeUndefined();
    expect(whereisPg(node, 'impostor')).toBeUndefined();
  });

  it('finds the new scope once a stopped one was started again', () => {
    const first = startPg(node);
    first.stop();
    expect(whereisPg(node)).toBeUndefined();
    const second = startPg(node);
    expect(whereisPg(node)).toBe(second);
  });
});
