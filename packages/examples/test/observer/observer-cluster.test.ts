// The observer on a cluster: the observers' pg group spans the nodes, yet each page gets the snapshots of the node it is connected to, and only those.
import { createNode, type Node, type Pg } from '@corral/actor';
import { createMemoryHub, createRecordingLogger, createSimulatedClock, runUntilIdle } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { isOutbound } from '../../src/chat/outbound.js';
import { CHAT_BUCKET } from '../../src/chat/token-bucket.js';
import { OBSERVERS } from '../../src/observer/sampler.js';
import { startObserver } from '../../src/observer/start-observer.js';

const HEARTBEAT_MS = 100;

let nodes: Node[] = [];
afterEach(() => {
  for (const node of nodes) node.stop();
  nodes = [];
});

describe('the observer on a cluster', () => {
  it('sends each page the snapshots of its own node only, though the observers group spans the nodes', async () => {
    const hub = createMemoryHub();
    const clock = createSimulatedClock();
    const logger = createRecordingLogger();
    nodes = ['a@test', 'b@test'].map((name) => createNode({ name, creation: 1, transport: hub.transport(), clock, logger, heartbeatMs: HEARTBEAT_MS, nodeTimeoutMs: 400 }));
    const settle = (): Promise<void> => runUntilIdle(nodes);
    await settle();
    const seen = new Map<string, string[]>();
    const scopes: Pg[] = [];
    for (const node of nodes) {
      const observer = startObserver(node, { everyMs: 1000, bucket: CHAT_BUCKET });
      const heard: string[] = [];
      seen.set(node.name, heard);
      const page = node.spawnHandler({
        init: () => null,
        handleMessage(msg, state) {
          if (isOutbound(msg)) heard.push((JSON.parse(msg.json) as { node: string }).node);
          return state;
        },
      });
      observer.pg.join(OBSERVERS, page);
      scopes.push(observer.pg);
    }
    await settle(); // the samplers start now, at 0 ms: their pages are members already, so each takes one snapshot a second from here
    // Three seconds, a heartbeat at a time (the nodes stay up: each hears the other in time).
    for (let ms = 0; ms < 3000; ms += HEARTBEAT_MS) {
      clock.advance(HEARTBEAT_MS);
      await settle();
      for (const pg of scopes) expect(pg.members(OBSERVERS)).toHaveLength(2);
    }
    for (const [name, heard] of seen) {
      expect(heard).toEqual([name, name, name]); // at 1, 2 and 3 s
    }
  });
});
