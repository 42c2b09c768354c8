import { describe, expect, it } from 'vitest';
import { createNode, Pid } from '../../src/index.js';
import { decodeFrame, encodeFrame, validateFrame, WIRE_VERSION } from '../../src/distribution/wire.js';

const runtime = () => createNode({ name: 'w@test', creation: 3 }).runtime;

describe('the wire protocol', () => {
  it('round-trips a packet with its pids and the sender creation', () => {
    const rt = runtime();
    const pid = new Pid({ name: 'x@test', creation: 1 }, 7, null);
    const encoded = encodeFrame({ creation: 3, packet: { type: 'exit', from: rt.rootPid, to: pid, reason: 'boom', viaLink: true } }, rt.codec);
    if (!encoded.ok) throw new Error(encoded.error);
    const decoded = decodeFrame(encoded.bytes, rt.codec);
    expect(decoded).toEqual({ ok: true, frame: { creation: 3, packet: { type: 'exit', from: rt.rootPid, to: pid, reason: 'boom', viaLink: true } } });
    if (decoded.ok && decoded.frame.packet.type === 'exit') expect(decoded.frame.packet.to).toBe(pid);
  });

  it('names what cannot be encoded', () => {
    const encoded = encodeFrame({ creation: 0, packet: { type: 'sendNamed', name: 'n', msg: { a: [1, () => 2] } } }, runtime().codec);
    expect(encoded).toEqual({ ok: false, error: 'packet.msg.a[1] is a function (anonymous)' });
  });

  it('refuses garbage, another version, an unknown type and a missing or mistyped field', () => {
    const rt = runtime();
    expect(decodeFrame(new Uint8Array([0xff, 0x00, 0x13]), rt.codec).ok).toBe(false);
    expect(validateFrame(null)).toEqual({ ok: false, error: 'not an object' });
    expect(validateFrame({ v: WIRE_VERSION + 1, c: 0, type: 'heartbeat' })).toEqual({ ok: false, error: `unknown protocol version ${WIRE_VERSION + 1}` });
    expect(validateFrame({ v: WIRE_VERSION, c: 0, type: 'gossip' })).toEqual({ ok: false, error: 'unknown packet type gossip' });
    expect(validateFrame({ v: WIRE_VERSION, c: 0, type: 'send', msg: 1 })).toEqual({ ok: false, error: 'send: bad field to' });
    expect(validateFrame({ v: WIRE_VERSION, c: 0, type: 'link', from: 'x', to: rt.rootPid })).toEqual({ ok: false, error: 'link: bad field from' });
    expect(validateFrame({ v: WIRE_VERSION, c: 0, type: 'heartbeat', hears: [['b', 1]] })).toEqual({ ok: true, frame: { creation: 0, packet: { type: 'heartbeat', hears: [['b', 1]] } } });
    expect(validateFrame({ v: WIRE_VERSION, c: 0, type: 'heartbeat', hears: [['b']] })).toEqual({ ok: false, error: 'heartbeat: bad field hears' });
  });
});
