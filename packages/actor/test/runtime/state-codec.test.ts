// encodeState/decodeState: what survives a hibernation round trip, how pids and refs keep identity, and what is refused.
import { describe, expect, it } from 'vitest';
import type { NodeIdentity } from '../../src/kernel/node-identity.js';
import { Pid } from '../../src/kernel/pid.js';
import { Ref } from '../../src/kernel/ref.js';
import { CorralError } from '../../src/kernel/corral-error.js';
import { Envelope, TO_ENVELOPE } from '../../src/kernel/envelope.js';
import { decodeState, encodeState, type IdentityCodec } from '../../src/runtime/state-codec.js';

const home: NodeIdentity = { name: 'a@host', creation: 2 };

/** An IdentityCodec that interns by key and records what it was asked. */
class FakeCodec implements IdentityCodec {
  readonly remembered: Array<Pid | Ref> = [];
  readonly revived: Array<[string, number, number]> = [];
  private readonly known = new Map<string, Pid | Ref>();

  rememberPid(pid: Pid): void {
    this.remembered.push(pid);
    this.known.set(`pid ${pid.node} ${pid.serial} ${pid.id}`, pid);
  }

  rememberRef(ref: Ref): void {
    this.remembered.push(ref);
    this.known.set(`ref ${ref.node} ${ref.home.creation} ${ref.id}`, ref);
  }

  revivePid(node: string, creation: number, id: number): Pid {
    this.revived.push([node, creation, id]);
    const found = this.known.get(`pid ${node} ${creation} ${id}`);
    return found instanceof Pid ? found : new Pid({ name: node, creation }, id, null);
  }

  reviveRef(node: string, creation: number, id: number): Ref {
    this.revived.push([node, creation, id]);
    const found = this.known.get(`ref ${node} ${creation} ${id}`);
    return found instanceof Ref ? found : new Ref({ name: node, creation }, id);
  }
}

function roundTrip<T>(state: T, codec: IdentityCodec = new FakeCodec()): T {
  const encoded = encodeState(state, codec);
  if (!encoded.ok) throw new Error(`unexpected refusal: ${encoded.error}`);
  return decodeState(encoded.data, codec) as T;
}

function refusal(state: unknown): string {
  const encoded = encodeState(state, new FakeCodec());
  if (encoded.ok) throw new Error('expected encodeState to refuse the state');
  return encoded.error;
}

class FakeSocket {
  readonly remoteAddress = '127.0.0.1';
  write(_data: string): boolean {
    return true;
  }
}

describe('encodeState and decodeState', () => {
  it('encodes to a Buffer that does not alias the live state', () => {
    const state = { count: 1, names: ['a'] };
    const encoded = encodeState(state, new FakeCodec());
    expect(encoded.ok && Buffer.isBuffer(encoded.data)).toBe(true);
    state.count = 2;
    state.names.push('b');
    if (!encoded.ok) return;
    expect(decodeState(encoded.data, new FakeCodec())).toEqual({ count: 1, names: ['a'] });
  });

  it('round-trips plain objects, arrays and primitives, nested', () => {
    const state = { n: 1.5, s: 'x', b: true, z: null, u: undefined, list: [1, [2, { deep: ['y'] }]], empty: {} };
    const back = roundTrip(state);
    expect(back).toEqual(state);
    expect(back).not.toBe(state);
    expect('u' in back).toBe(true);
  });

  it('round-trips Map, Set, Date, RegExp, Error and bigint with their types', () => {
    const key = { k: 1 };
    const state = {
      map: new Map<unknown, unknown>([['a', 1], [key, new Set([1, 2])]]),
      set: new Set(['x', 'y']),
      when: new Date(1_700_000_000_000),
      pattern: /ab+c/gi,
      error: new RangeError('out of range'),
      big: 2n ** 70n,
    };
    const back = roundTrip(state);
    expect(back.map).toBeInstanceOf(Map);
    expect([...back.map.keys()][1]).toEqual({ k: 1 });
    expect([...back.map.values()][1]).toEqual(new Set([1, 2]));
    expect(back.set).toEqual(new Set(['x', 'y']));
    expect(back.when).toBeInstanceOf(Date);
    expect(back.when.getTime()).toBe(1_700_000_000_000);
    expect(back.pattern).toBeInstanceOf(RegExp);
    expect(back.pattern.source).toBe('ab+c');
    expect(back.pattern.flags).toBe('gi');
    expect(back.error).toBeInstanceOf(RangeError);
    expect(back.error.message).toBe('out of range');
    expect(back.big).toBe(2n ** 70n);
  });

  it('keeps a Buffer a Buffer and a Uint8Array a plain Uint8Array, with their bytes', () => {
    const state = { buf: Buffer.from('hello'), bytes: new Uint8Array([1, 2, 3]), raw: new Uint8Array([9]).buffer };
    const back = roundTrip(state);
    expect(Buffer.isBuffer(back.buf)).toBe(true);
    expect(back.buf.toString()).toBe('hello');
    expect(Buffer.isBuffer(back.bytes)).toBe(false);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect([...back.bytes]).toEqual([1, 2, 3]);
    expect(back.raw).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(back.raw)]).toEqual([9]);
  });

  it('keeps shared and cyclic references shared and cyclic', () => {
    interface Node { name: string; self?: Node; peers: Node[] }
    const a: Node = { name: 'a', peers: [] };
    const b: Node = { name: 'b', peers: [a] };
    a.self = a;
    a.peers.push(b);
    const back = roundTrip({ a, b, again: a });
    expect(back.a.self).toBe(back.a);
    expect(back.again).toBe(back.a);
    expect(back.a.peers[0]).toBe(back.b);
    expect(back.b.peers[0]).toBe(back.a);
  });

  it('keeps a cyclic Map and Set cyclic', () => {
    const map = new Map<string, unknown>();
    map.set('me', map);
    const set = new Set<unknown>();
    set.add(set);
    const back = roundTrip({ map, set });
    expect(back.map.get('me')).toBe(back.map);
    expect([...back.set][0]).toBe(back.set);
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(roundTrip({ bare }).bare).toEqual({ a: 1 });
  });

  it('writes each pid and ref through the codec and reads them back as the objects it interned', () => {
    const codec = new FakeCodec();
    const pid = new Pid(home, 7, null);
    const ref = new Ref(home, 11);
    const back = roundTrip({ owner: pid, tag: ref, byPid: new Map([[pid, 'x']]), peers: new Set([pid]), list: [pid, ref] }, codec);
    expect(codec.remembered).toEqual(expect.arrayContaining([pid, ref]));
    expect(back.owner).toBe(pid);
    expect(back.tag).toBe(ref);
    expect(back.byPid.get(pid)).toBe('x');
    expect(back.peers.has(pid)).toBe(true);
    expect(back.list[0]).toBe(pid);
    expect(back.list[1]).toBe(ref);
  });

  it('revives a pid with the node name, creation and id it was written with', () => {
    const writer = new FakeCodec();
    const encoded = encodeState({ remote: new Pid({ name: 'b@elsewhere', creation: 5 }, 42, null) }, writer);
    if (!encoded.ok) throw new Error(encoded.error);
    const reader = new FakeCodec();
    const back = decodeState(encoded.data, reader) as { remote: Pid };
    expect(reader.revived).toEqual([['b@elsewhere', 5, 42]]);
    expect(back.remote).toBeInstanceOf(Pid);
    expect(back.remote.toString()).toBe('<b@elsewhere.42.5>');
  });

  it('leaves a user object that merely has pid-like fields alone', () => {
    expect(roundTrip({ pid: { node: 'a@host', id: 7 } })).toEqual({ pid: { node: 'a@host', id: 7 } });
  });
});

describe('what encodeState refuses, naming where', () => {
  it('refuses a class instance such as a socket, naming its path and class', () => {
    expect(refusal({ conn: { sock: new FakeSocket() } })).toBe('state.conn.sock is an instance of FakeSocket');
  });

  it('refuses a function, naming its path and name', () => {
    const onData = (): void => {};
    expect(refusal({ handlers: { onData } })).toBe('state.handlers.onData is a function (onData)');
  });

  it('refuses a symbol value and symbol keys', () => {
    expect(refusal({ tag: Symbol('t') })).toBe('state.tag is a symbol');
    expect(refusal({ meta: { [Symbol('k')]: 1 } })).toBe('state.meta has symbol keys');
  });

  it('names array indexes, Map keys and values, and Set members in the path', () => {
    expect(refusal({ items: [1, 2, new FakeSocket()] })).toBe('state.items[2] is an instance of FakeSocket');
    expect(refusal({ byId: new Map([[7, () => 0]]) })).toMatch(/^state\.byId\.get\(7\) is a function/);
    expect(refusal({ byId: new Map([[new FakeSocket(), 1]]) })).toBe('state.byId.<key> is an instance of FakeSocket');
    expect(refusal({ peers: new Set([Symbol('p')]) })).toBe('state.peers.<member> is a symbol');
  });

  it('refuses a state that is itself a class instance or a function', () => {
    expect(refusal(new FakeSocket())).toBe('state is an instance of FakeSocket');
    expect(refusal(function handler() {})).toBe('state is a function (handler)');
  });

  it('refuses a subclass of Map, Set or Array rather than lose its prototype', () => {
    class Registry extends Map<string, number> {}
    class Bag extends Set<number> {}
    class Stack extends Array<number> {}
    expect(refusal({ r: new Registry() })).toBe('state.r is an instance of Registry');
    expect(refusal({ b: new Bag() })).toBe('state.b is an instance of Bag');
    expect(refusal({ s: new Stack() })).toBe('state.s is an instance of Stack');
  });
});

/** A system message of a behaviour: it crosses as the envelope `test.ping`. */
class Ping {
  constructor(readonly from: Pid, readonly n: number) {}

  [TO_ENVELOPE](): Envelope {
    return new Envelope('test.ping', { from: this.from, n: this.n });
  }
}

describe('system messages and errors', () => {
  it('encodes a class with a TO_ENVELOPE method as its envelope, which comes back as an Envelope with pids intact', () => {
    const pid = new Pid(home, 7, null);
    const codec = new FakeCodec();
    const back = roundTrip({ msg: new Ping(pid, 3) }, codec).msg as unknown;
    expect(back).toBeInstanceOf(Envelope);
    expect((back as Envelope).kind).toBe('test.ping');
    expect((back as Envelope).body).toEqual({ from: pid, n: 3 });
    expect(((back as Envelope).body as { from: Pid }).from).toBe(pid);
    expect(roundTrip(back)).toEqual(back);
  });

  it('keeps the code, message and reason of a CorralError', () => {
    const back = roundTrip(new CorralError('childNotFound', 'worker-1', { reason: { id: 'worker-1' } }));
    expect(back).toBeInstanceOf(CorralError);
    expect(back.code).toBe('childNotFound');
    expect(back.message).toBe('no child with this id: worker-1');
    expect(back.reason).toEqual({ id: 'worker-1' });
  });

  it('still refuses a class instance without TO_ENVELOPE', () => {
    expect(refusal({ s: new FakeSocket() })).toBe('state.s is an instance of FakeSocket');
  });
});
