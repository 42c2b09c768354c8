import { describe, expect, it } from 'vitest';
import { createNode, Pid } from '../../src/index.js';
import { checkSenders } from '../../src/distribution/sender-check.js';

describe('which pids a packet may name', () => {
  const self = createNode({ name: 'me@test', creation: 1 }).runtime;
  const from = { name: 'x@test', creation: 2 };
  const ofSender = new Pid(from, 5, null);
  const ofOldSender = new Pid({ name: 'x@test', creation: 1 }, 5, null);
  const ofThird = new Pid({ name: 'z@test', creation: 1 }, 6, null);
  const local = self.rootPid;
  const ref = self.makeRef();

  it('lets a node name its own pids as senders and the receiver\'s as targets', () => {
    expect(checkSenders({ type: 'exit', from: ofSender, to: local, reason: 'kill', viaLink: false }, from, self)).toBeNull();
    expect(checkSenders({ type: 'down', to: local, ref, from: ofSender, reason: 'normal' }, from, self)).toBeNull();
    expect(checkSenders({ type: 'send', to: local, msg: { about: ofThird } }, from, self)).toBeNull();
    expect(checkSenders({ type: 'sendNamed', name: 'n', msg: 1 }, from, self)).toBeNull();
    expect(checkSenders({ type: 'service', name: 'pg:x', data: 1 }, from, self)).toBeNull();
  });

  it('refuses a sender of another node or of another incarnation, and a target not of the receiver', () => {
    for (const type of ['link', 'unlink'] as const) {
      expect(checkSenders({ type, from: ofThird, to: local }, from, self)).toBe(`a sender ${String(ofThird)} that is not of the sending node`);
    }
    expect(checkSenders({ type: 'monitor', from: ofOldSender, to: local, ref }, from, self)).toBe(`a sender ${String(ofOldSender)} that is not of the sending node`);
    expect(checkSenders({ type: 'demonitor', from: ofSender, to: ofThird, ref }, from, self)).toBe(`a target ${String(ofThird)} that is not of this node`);
    expect(checkSenders({ type: 'send', to: ofSender, msg: 1 }, from, self)).toBe(`a target ${String(ofSender)} that is not of this node`);
    expect(checkSenders({ type: 'exit', from: ofSender, to: ofThird, reason: 'kill', viaLink: true }, from, self)).toBe(`a target ${String(ofThird)} that is not of this node`);
  });

  it('checks a monitor of a name by its sender, and the DOWN that answers it by its target', () => {
    expect(checkSenders({ type: 'monitorName', from: ofSender, name: 'kv', ref }, from, self)).toBeNull();
    expect(checkSenders({ type: 'demonitorName', from: ofSender, name: 'kv', ref }, from, self)).toBeNull();
    expect(checkSenders({ type: 'downName', to: local, ref, name: 'kv', reason: 'noproc' }, from, self)).toBeNull();
    expect(checkSenders({ type: 'monitorName', from: ofThird, name: 'kv', ref }, from, self)).toBe(`a sender ${String(ofThird)} that is not of the sending node`);
    expect(checkSenders({ type: 'demonitorName', from: ofOldSender, name: 'kv', ref }, from, self)).toBe(`a sender ${String(ofOldSender)} that is not of the sending node`);
    expect(checkSenders({ type: 'downName', to: ofSender, ref, name: 'kv', reason: 'noproc' }, from, self)).toBe(`a target ${String(ofSender)} that is not of this node`);
  });
});
