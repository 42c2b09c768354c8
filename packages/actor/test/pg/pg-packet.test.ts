// pg packets checked on arrival: a node speaks only for its own processes.
import { createNode, type Node } from '@corral/actor';
import { createRecordingLogger, createSimulatedClock } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePgPacket, pgService } from '../../src/pg/pg-packet.js';

let node: Node;
afterEach(() => node.stop());

describe('parsePgPacket', () => {
  it('accepts sync, join, leave and publish, and refuses pids of another node or bad shapes', () => {
    node = createNode({ name: 'b@host', clock: createSimulatedClock(), logger: createRecordingLogger() });
    const pid = node.spawnHandler({ init: () => null, handleMessage: () => null });
    expect(pgService('chat')).toBe('pg:chat');
    expect(parsePgPacket({ type: 'sync', groups: [['room', [pid]]], reply: true }, 'b@host')).toEqual({ type: 'sync', groups: [['room', [pid]]], reply: true });
    expect(parsePgPacket({ type: 'join', group: 'room', pids: [pid] }, 'b@host')).toEqual({ type: 'join', group: 'room', pids: [pid] });
    expect(parsePgPacket({ type: 'leave', group: 'room', pids: [pid, pid] }, 'b@host')).toEqual({ type: 'leave', group: 'room', pids: [pid, pid] });
    expect(parsePgPacket({ type: 'leave', group: 'room', pids: [pid] }, 'a@host')).toBeNull();
    expect(parsePgPacket({ type: 'publish', group: 'room', msg: 1, except: null }, 'a@host')).toEqual({ type: 'publish', group: 'room', msg: 1, except: null });
    expect(parsePgPacket({ type: 'publish', group: 'room', msg: 'hi', except: pid }, 'a@host')).toEqual({ type: 'publish', group: 'room', msg: 'hi', except: pid });
    expect(parsePgPacket({ type: 'publish', group: 'room', msg: 1, except: 'x' }, 'a@host')).toBeNull();
    expect(parsePgPacket({ type: 'sync', groups: [['room']], reply: true }, 'b@host')).toBeNull();
    expect(parsePgPacket(null, 'b@host')).toBeNull();
  });
});
