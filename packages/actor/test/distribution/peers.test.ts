import { describe, expect, it } from 'vitest';
import { Peers } from '../../src/distribution/peers.js';

/** A table where `b` incarnation 1 is up (heard, and hearing this node). */
function withB(): Peers {
  const peers = new Peers();
  peers.heartbeat('b', 1, 0, true);
  return peers;
}

describe('the liveness table', () => {
  it('brings a node up on its first heartbeat that lists this node, answering every new node', () => {
    const peers = new Peers();
    expect(peers.heartbeat('b', 1, 0, true)).toEqual({ down: null, up: true, answer: true });
    expect(peers.heartbeat('b', 1, 10, true)).toEqual({ down: null, up: false, answer: false });
    expect(peers.isUp('b', 1)).toBe(true);
    expect(peers.isUp('b', 2)).toBe(false);
  });

  it('keeps a node that does not hear this one pending: answered, listed as heard, never up', () => {
    const peers = new Peers();
    expect(peers.heartbeat('b', 1, 0, false)).toEqual({ down: null, up: false, answer: true });
    expect(peers.heartbeat('b', 1, 5, false)).toEqual({ down: null, up: false, answer: false });
    expect(peers.isUp('b', 1)).toBe(false);
    expect(peers.creationOf('b')).toBeUndefined();
    expect(peers.names()).toEqual([]);
    expect(peers.heard()).toEqual([['b', 1]]);
    expect(peers.touch('b', 1, 6)).toBe(false);
    expect(peers.heartbeat('b', 1, 7, true)).toEqual({ down: null, up: true, answer: true });
    expect(peers.names()).toEqual(['b']);
  });

  it('takes a node down when its heartbeat stops listing this node (it timed this node out)', () => {
    const peers = withB();
    expect(peers.heartbeat('b', 1, 5, false)).toEqual({ down: { name: 'b', creation: 1 }, up: false, answer: true });
    expect(peers.isUp('b', 1)).toBe(false);
    expect(peers.heard()).toEqual([['b', 1]]);
  });

  it('sees a new creation as the old incarnation going down and the new one coming up', () => {
    const peers = withB();
    expect(peers.heartbeat('b', 2, 5, true)).toEqual({ down: { name: 'b', creation: 1 }, up: true, answer: true });
    expect(peers.creationOf('b')).toBe(2);
    const pending = new Peers();
    pending.heartbeat('b', 1, 0, false);
    expect(pending.heartbeat('b', 2, 5, false)).toEqual({ down: null, up: false, answer: true });
  });

  it('expires a node unheard for longer than the timeout, counting any packet as a sign of life, and reports only up ones', () => {
    const peers = withB();
    peers.heartbeat('c', 1, 0, true);
    peers.heartbeat('d', 1, 0, false);
    expect(peers.touch('c', 1, 300)).toBe(true);
    expect(peers.touch('c', 9, 300)).toBe(false);
    expect(peers.expire(400, 400)).toEqual([]);
    expect(peers.expire(401, 400)).toEqual([{ name: 'b', creation: 1 }]);
    expect(peers.names()).toEqual(['c']);
    expect(peers.heard()).toEqual([['c', 1]]);
  });

  it('drops a node that says goodbye, reporting it only when it was up', () => {
    const peers = withB();
    peers.heartbeat('d', 1, 0, false);
    expect(peers.drop('b')).toEqual({ name: 'b', creation: 1 });
    expect(peers.drop('b')).toBeNull();
    expect(peers.drop('d')).toBeNull();
    expect(peers.heard()).toEqual([]);
  });
});
