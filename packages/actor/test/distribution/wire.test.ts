import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createNode, Pid } from '../../src/index.js';
import { decodeHeader, decodePacket, encodePacket, frame, validatePacket, WIRE_VERSION, type Header, type Packet } from '../../src/distribution/wire.js';

const runtime = () => createNode({ name: 'w@test', creation: 3 }).runtime;

function roundTrip(header: Header, packet: Packet) {
  const rt = runtime();
  const body = encodePacket(packet, rt.codec);
  if (!body.ok) throw new Error(body.error);
  const bytes = frame(header, body.bytes);
  const decoded = decodeHeader(bytes);
  if (!decoded.ok) throw new Error(decoded.error);
  return { header: decoded.header, packet: decodePacket(bytes, decoded.bodyAt, rt.codec) };
}

/** A frame around a body of raw v8 bytes, as an attacker would build one. */
function forged(body: Buffer): { bytes: Buffer; bodyAt: number } {
  return { bytes: frame({ kind: 'control', creation: 1 }, body), bodyAt: 6 };
}

describe('the wire protocol', () => {
  it('round-trips a connection frame: its header fields, and a packet with its pids', () => {
    const rt = runtime();
    const pid = new Pid({ name: 'x@test', creation: 1 }, 7, null);
    const header: Header = { kind: 'connection', creation: 3, to: 4_000_000_000, conn: 12, echo: 34, seq: 2 ** 40 };
    const body = encodePacket({ type: 'exit', from: rt.rootPid, to: pid, reason: 'boom', viaLink: true }, rt.codec);
    if (!body.ok) throw new Error(body.error);
    const bytes = frame(header, body.bytes);
    expect(decodeHeader(bytes)).toEqual({ ok: true, header, bodyAt: 26 });
    const decoded = decodePacket(bytes, 26, rt.codec);
    expect(decoded).toEqual({ ok: true, packet: { type: 'exit', from: rt.rootPid, to: pid, reason: 'boom', viaLink: true } });
    if (decoded.ok && decoded.packet.type === 'exit') expect(decoded.packet.to).toBe(pid);
  });

  it('round-trips a control frame with a heartbeat', () => {
    const hears: Array<[string, number, number, number, number]> = [['b', 1, 2, 3, 4]];
    expect(roundTrip({ kind: 'control', creation: 9 }, { type: 'heartbeat', hears })).toEqual({
      header: { kind: 'control', creation: 9 },
      packet: { ok: true, packet: { type: 'heartbeat', hears } },
    });
  });

  it('names what cannot be encoded', () => {
    const encoded = encodePacket({ type: 'sendNamed', name: 'n', msg: { a: [1, () => 2] } }, runtime().codec);
    expect(encoded).toEqual({ ok: false, error: 'packet.msg.a[1] is a function (anonymous)' });
  });

  it('refuses a header that is short, of another version or kind, or numbered 0', () => {
    const body = Buffer.from([0]);
    expect(decodeHeader(new Uint8Array([WIRE_VERSION, 0, 0]))).toEqual({ ok: false, error: 'a 3-byte frame is shorter than a header' });
    const other = frame({ kind: 'control', creation: 1 }, body);
    other[0] = WIRE_VERSION + 1;
    expect(decodeHeader(other)).toEqual({ ok: false, error: `unknown protocol version ${WIRE_VERSION + 1}` });
    other[0] = WIRE_VERSION;
    other[1] = 7;
    expect(decodeHeader(other)).toEqual({ ok: false, error: 'unknown frame kind 7' });
    expect(decodeHeader(frame({ kind: 'connection', creation: 1, to: 1, conn: 1, echo: 1, seq: 1 }, body).subarray(0, 20))).toEqual({ ok: false, error: 'a connection frame is cut short' });
    expect(decodeHeader(frame({ kind: 'connection', creation: 1, to: 1, conn: 1, echo: 1, seq: 0 }, body))).toEqual({ ok: false, error: 'bad sequence number 0' });
  });

  it('refuses a body that is not a plain object of a known type with exactly its fields', () => {
    const rt = runtime();
    expect(validatePacket(null)).toEqual({ ok: false, error: 'not a plain object' });
    expect(validatePacket([1])).toEqual({ ok: false, error: 'not a plain object' });
    expect(validatePacket(new Map())).toEqual({ ok: false, error: 'not a plain object' });
    expect(validatePacket({ type: 'gossip' })).toEqual({ ok: false, error: 'unknown packet type gossip' });
    expect(validatePacket({ type: 'send', msg: 1 })).toEqual({ ok: false, error: 'send: wrong number of fields' });
    expect(validatePacket({ type: 'send', msg: 1, too: 2 })).toEqual({ ok: false, error: 'send: bad field to' });
    expect(validatePacket({ type: 'send', to: rt.rootPid, msg: 1, extra: 2 })).toEqual({ ok: false, error: 'send: wrong number of fields' });
    expect(validatePacket({ type: 'link', from: 'x', to: rt.rootPid })).toEqual({ ok: false, error: 'link: bad field from' });
    expect(validatePacket({ type: 'nodeDown', conn: -1 })).toEqual({ ok: false, error: 'nodeDown: bad field conn' });
    expect(validatePacket({ type: 'heartbeat', hears: [['b', 1, 2, 3]] })).toEqual({ ok: false, error: 'heartbeat: bad field hears' });
    expect(validatePacket({ type: 'heartbeat', hears: [['', 1, 2, 3, 4]] })).toEqual({ ok: false, error: 'heartbeat: bad field hears' });
    expect(validatePacket({ type: 'heartbeat', hears: [['b', 2 ** 32, 2, 3, 4]] })).toEqual({ ok: false, error: 'heartbeat: bad field hears' });
  });

  it('refuses the packets that crashed nodes: a sparse array of length 2^24 or 2^32 - 1, at once', () => {
    const rt = runtime();
    for (const length of [2 ** 24, 2 ** 32 - 1]) {
      const sparse: unknown[] = [];
      sparse.length = length;
      const { bytes, bodyAt } = forged(serialize(sparse));
      expect(bytes.length).toBeLessThan(30);
      // Below 2^25, v8 would allocate a backing store of the whole length: refused before it deserializes.
      const early = (n: number) => `a sparse array of length ${length} in ${n} bytes`;
      expect(decodePacket(bytes, bodyAt, rt.codec)).toEqual({ ok: false, error: length === 2 ** 24 ? early(bytes.length - bodyAt) : 'not a plain object' });
      const inside = forged(serialize({ type: 'send', to: 1, msg: sparse }));
      expect(decodePacket(inside.bytes, inside.bodyAt, rt.codec)).toEqual({ ok: false, error: length === 2 ** 24 ? early(inside.bytes.length - inside.bodyAt) : 'send: bad field to' });
    }
  });

  it('keeps the elements of a sparse array in a message while walking only those that exist', () => {
    const rt = runtime();
    const sparse: unknown[] = [];
    sparse.length = 2 ** 32 - 1;
    sparse[5] = rt.rootPid;
    const body = encodePacket({ type: 'sendNamed', name: 'n', msg: sparse }, rt.codec);
    if (!body.ok) throw new Error(body.error);
    const decoded = decodePacket(frame({ kind: 'control', creation: 1 }, body.bytes), 6, rt.codec);
    if (!decoded.ok || decoded.packet.type !== 'sendNamed') throw new Error('not decoded');
    const msg = decoded.packet.msg as unknown[];
    expect([msg.length, msg[5], Object.keys(msg)]).toEqual([2 ** 32 - 1, rt.rootPid, ['5']]);
  });

  it('refuses malformed pid tags, nesting deeper than the stack, and garbage, without throwing', () => {
    const rt = runtime();
    const badPid = forged(serialize({ type: 'send', to: { '\u0000corral:pid': [{}, 1, 2] }, msg: 1 }));
    expect(decodePacket(badPid.bytes, badPid.bodyAt, rt.codec)).toEqual({ ok: false, error: 'a malformed pid or ref' });
    const deep = forged(Buffer.concat([Buffer.from([0xff, 0x0f]), Buffer.alloc(200_000, 0x6f)]));
    expect(decodePacket(deep.bytes, deep.bodyAt, rt.codec).ok).toBe(false);
    const garbage = forged(Buffer.from([0xff, 0x00, 0x13]));
    expect(decodePacket(garbage.bytes, garbage.bodyAt, rt.codec).ok).toBe(false);
  });

  it('round-trips the monitor of a name, its demonitor and its DOWN, and refuses them with a field of the wrong kind', () => {
    const rt = runtime();
    const ref = rt.makeRef();
    const header: Header = { kind: 'connection', creation: 3, to: 1, conn: 1, echo: 1, seq: 1 };
    const packets: Packet[] = [
      { type: 'monitorName', from: rt.rootPid, name: 'kv', ref },
      { type: 'demonitorName', from: rt.rootPid, name: 'kv', ref },
      { type: 'downName', to: rt.rootPid, ref, name: 'kv', reason: 'noproc' },
    ];
    for (const packet of packets) expect(roundTrip(header, packet).packet).toEqual({ ok: true, packet });
    expect(validatePacket({ type: 'monitorName', from: 'x', name: 'kv', ref })).toEqual({ ok: false, error: 'monitorName: bad field from' });
    expect(validatePacket({ type: 'monitorName', from: rt.rootPid, name: 1, ref })).toEqual({ ok: false, error: 'monitorName: bad field name' });
    expect(validatePacket({ type: 'demonitorName', from: rt.rootPid, name: 'kv', ref: rt.rootPid })).toEqual({ ok: false, error: 'demonitorName: bad field ref' });
    expect(validatePacket({ type: 'downName', to: ref, ref, name: 'kv', reason: 'noproc' })).toEqual({ ok: false, error: 'downName: bad field to' });
    expect(validatePacket({ type: 'downName', to: rt.rootPid, ref, name: null, reason: 'noproc' })).toEqual({ ok: false, error: 'downName: bad field name' });
  });
});
