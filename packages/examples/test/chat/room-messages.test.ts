// The messages between rooms and connections, and the outbound events: plain data, recognized by their type tag and fields alone.
import { deserialize, serialize } from 'node:v8';
import { createNode } from '@corral/actor';
import { describe, expect, it } from 'vitest';
import { isOutbound, outbound, outboundEvent } from '../../src/chat/outbound.js';
import { said } from '../../src/chat/protocol.js';
import { enter, isEnter, isWhoAreYou, whoAreYou } from '../../src/chat/room-messages.js';

const node = createNode({ name: 'msg@test' });
const pid = node.spawnHandler({ init: () => null, handleMessage: (_m, s) => s });
node.stop();

describe('room messages', () => {
  it('are plain objects with a type, recognized by their guards', () => {
    expect(whoAreYou(pid)).toEqual({ type: 'whoAreYou', room: pid });
    expect(enter(pid, 'ada')).toEqual({ type: 'enter', pid, nickname: 'ada' });
    expect(Object.getPrototypeOf(enter(pid, 'ada'))).toBe(Object.prototype);
    expect(isWhoAreYou(whoAreYou(pid))).toBe(true);
    expect(isEnter(enter(pid, 'ada'))).toBe(true);
    expect(isEnter(whoAreYou(pid))).toBe(false);
  });

  it('refuse look-alikes whose fields are wrong', () => {
    expect(isWhoAreYou({ type: 'whoAreYou', room: pid.toString() })).toBe(false);
    expect(isEnter({ type: 'enter', pid, nickname: 42 })).toBe(false);
    expect(isEnter({ type: 'enter', pid: '<x.1.1>', nickname: 'ada' })).toBe(false);
    expect(isEnter(null)).toBe(false);
    expect(isWhoAreYou('whoAreYou')).toBe(false);
  });
});

describe('outbound messages', () => {
  it('carry an event encoded once, and are still recognized after a structured copy (as they cross nodes)', () => {
    const message = outboundEvent(said('ada', 'hi'));
    expect(message).toEqual({ type: 'outbound', json: '{"type":"said","nickname":"ada","text":"hi"}' });
    expect(isOutbound(deserialize(serialize(message)))).toBe(true);
    expect(isOutbound(outbound('{}'))).toBe(true);
    expect(isOutbound({ type: 'outbound', json: {} })).toBe(false);
  });
});
