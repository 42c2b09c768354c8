import { describe, expect, it } from 'vitest';
import { Peers } from '../../src/distribution/peers.js';
import type { Heard } from '../../src/distribution/wire.js';

/** Node b's heartbeat entry for this node ('me', creation 7): b's connection id, its echo of ours, the packets it sent. */
const from = (conn: number, echo: number, sent = 0): Heard => ['me', 7, conn, echo, sent];

/** A table where `b` incarnation 1 is up: b's connection id is 50, this side's is 1. */
function withB(): Peers {
  const peers = new Peers();
  peers.heartbeat('b', 1, 0, from(50, 0));
  expect(peers.heartbeat('b', 1, 1, from(50, 1))).toEqual({ down: null, up: true, answer: true });
  return peers;
}

describe('the liveness table', () => {
  it('brings a node up once its heartbeat echoes this side\'s connection id, answering the new node', () => {
    const peers = new Peers();
    expect(peers.heartbeat('b', 1, 0, from(50, 0))).toEqual({ down: null, up: false, answer: true });
    expect(peers.heard()).toEqual([['b', 1, 1, 50, 0]]);
    expect(peers.isUp('b', 1)).toBe(false);
    expect(peers.heartbeat('b', 1, 10, from(50, 1))).toEqual({ down: null, up: true, answer: true });
    expect(peers.heartbeat('b', 1, 20, from(50, 1))).toEqual({ down: null, up: false, answer: false });
    expect(peers.isUp('b', 1)).toBe(true);
    expect(peers.isUp('b', 2)).toBe(false);
    expect(peers.names()).toEqual(['b']);
    expect(peers.pending).toBe(0);
  });

  it('keeps a node that does not hear this one pending: listed as heard, never up, answered only when new', () => {
    const peers = new Peers();
    expect(peers.heartbeat('b', 1, 0, null)).toEqual({ down: null, up: false, answer: true });
    expect(peers.heartbeat('b', 1, 5, null)).toEqual({ down: null, up: false, answer: false });
    expect(peers.creationOf('b')).toBeUndefined();
    expect(peers.names()).toEqual([]);
    expect(peers.heard()).toEqual([['b', 1, 1, 0, 0]]);
    expect(peers.pending).toBe(1);
  });

  it('takes a node down when its heartbeat stops listing this node, and reconnects on a new id', () => {
    const peers = withB();
    expect(peers.heartbeat('b', 1, 5, null)).toEqual({ down: { name: 'b', creation: 1 }, up: false, answer: true });
    expect(peers.isUp('b', 1)).toBe(false);
    expect(peers.heard()).toEqual([['b', 1, 2, 0, 0]]);
    expect(peers.heartbeat('b', 1, 6, from(51, 2))).toEqual({ down: null, up: true, answer: true });
  });

  it('takes a node down when its heartbeat lists another connection id (it ended the connection)', () => {
    const peers = withB();
    expect(peers.heartbeat('b', 1, 5, from(51, 1))).toEqual({ down: { name: 'b', creation: 1 }, up: false, answer: true });
    expect(peers.heard()).toEqual([['b', 1, 2, 51, 0]]);
  });

  it('takes a node down when packets its last heartbeat counted as sent have not arrived by its next one', () => {
    const peers = withB();
    expect(peers.receive('b', 1, 50, 1, 1, 2)).toEqual({ kind: 'apply', up: false });
    expect(peers.heartbeat('b', 1, 3, from(50, 1, 2))).toEqual({ down: null, up: false, answer: false });
    expect(peers.heartbeat('b', 1, 4, from(50, 1, 2))).toEqual({ down: { name: 'b', creation: 1 }, up: false, answer: true, lost: true });
  });

  it('forgives a packet still in flight when the heartbeat overtook it: it only has to arrive before the next heartbeat', () => {
    const peers = withB();
    expect(peers.heartbeat('b', 1, 3, from(50, 1, 1))).toEqual({ down: null, up: false, answer: false });
    expect(peers.receive('b', 1, 50, 1, 1, 4)).toEqual({ kind: 'apply', up: false });
    expect(peers.heartbeat('b', 1, 5, from(50, 1, 1))).toEqual({ down: null, up: false, answer: false });
  });

  it('applies numbered packets in order and ends the connection on a gap, a duplicate or a reordering', () => {
    for (const wrong of [3, 1]) {
      const peers = withB();
      expect(peers.receive('b', 1, 50, 1, 1, 2)).toEqual({ kind: 'apply', up: false });
      expect(peers.receive('b', 1, 50, 1, 2, 2)).toEqual({ kind: 'apply', up: false });
      expect(peers.receive('b', 1, 50, 1, wrong === 1 ? 2 : 4, 2)).toEqual({ kind: 'break', down: { name: 'b', creation: 1 }, conn: 50 });
      expect(peers.isUp('b', 1)).toBe(false);
    }
  });

  it('drops packets of an ended connection or of an unknown incarnation, and ends the connection on one it never agreed to', () => {
    const peers = withB();
    expect(peers.receive('b', 2, 50, 1, 1, 2)).toEqual({ kind: 'drop' });
    expect(peers.receive('x', 1, 50, 1, 1, 2)).toEqual({ kind: 'drop' });
    expect(peers.receive('b', 1, 49, 1, 1, 2)).toEqual({ kind: 'drop' });
    expect(peers.receive('b', 1, 50, 0, 1, 2)).toEqual({ kind: 'drop' });
    expect(peers.isUp('b', 1)).toBe(true);
    expect(peers.receive('b', 1, 52, 1, 1, 2)).toEqual({ kind: 'break', down: { name: 'b', creation: 1 }, conn: 50 });
  });

  it('comes up on the first numbered packet of a connection it confirmed when the heartbeat that said so was lost', () => {
    const peers = new Peers();
    peers.heartbeat('b', 1, 0, from(50, 0));
    expect(peers.receive('b', 1, 50, 1, 1, 1)).toEqual({ kind: 'apply', up: true });
    expect(peers.isUp('b', 1)).toBe(true);
    const late = new Peers();
    late.heartbeat('b', 1, 0, from(50, 0));
    expect(late.receive('b', 1, 50, 1, 2, 1)).toEqual({ kind: 'break', down: null, conn: 50 });
    expect(late.isUp('b', 1)).toBe(false);
  });

  it('numbers the packets it sends on a connection from 1, afresh on each new connection', () => {
    const peers = withB();
    const conn = peers.connectionTo('b', 1);
    expect([conn?.next(), conn?.next()]).toEqual([1, 2]);
    expect(peers.heard()).toEqual([['b', 1, 1, 50, 2]]);
    expect(peers.break('b')).toEqual({ down: { name: 'b', creation: 1 }, conn: 50 });
    expect(peers.break('b')).toBeNull();
    expect(peers.heard()).toEqual([['b', 1, 2, 0, 0]]);
  });

  it('ends a connection when the peer says so for this side\'s current id, or leaves on a goodbye (0)', () => {
    const peers = withB();
    expect(peers.ended('b', 1, 9)).toBeNull();
    expect(peers.ended('b', 2, 1)).toBeNull();
    expect(peers.ended('b', 1, 1)).toEqual({ name: 'b', creation: 1 });
    expect(peers.heard()).toEqual([['b', 1, 2, 0, 0]]);
    expect(peers.ended('b', 1, 0)).toBeNull();
    expect(peers.heard()).toEqual([]);
    expect(withB().ended('b', 1, 0)).toEqual({ name: 'b', creation: 1 });
  });

  it('sees a new creation as the old incarnation going down and the new one pending', () => {
    const peers = withB();
    expect(peers.heartbeat('b', 2, 5, from(60, 0))).toEqual({ down: { name: 'b', creation: 1 }, up: false, answer: true });
    expect(peers.creationOf('b')).toBeUndefined();
    expect(peers.heartbeat('b', 2, 6, from(60, 2))).toEqual({ down: null, up: true, answer: true });
    expect(peers.creationOf('b')).toBe(2);
  });

  it('expires a node unheard for longer than the timeout, counting a packet as a sign of life, and reports only up ones', () => {
    const peers = withB();
    peers.heartbeat('c', 1, 0, from(70, 0));
    peers.heartbeat('c', 1, 0, from(70, 2));
    peers.heartbeat('d', 1, 0, null);
    expect(peers.receive('c', 1, 70, 2, 1, 300)).toEqual({ kind: 'apply', up: false });
    expect(peers.expire(401, 400)).toEqual([]);
    expect(peers.expire(402, 400)).toEqual([{ name: 'b', creation: 1 }]);
    expect(peers.names()).toEqual(['c']);
    expect(peers.heard()).toEqual([['c', 1, 2, 70, 0]]);
  });

  it('keeps at most its limit of pending nodes: heartbeats of further unknown nodes are ignored, known ones still heard', () => {
    const peers = new Peers({ pending: 2 });
    expect(peers.heartbeat('p1', 1, 0, null)).not.toBeNull();
    expect(peers.heartbeat('p2', 1, 0, null)).not.toBeNull();
    expect(peers.heartbeat('p3', 1, 0, null)).toBeNull();
    expect(peers.heartbeat('p1', 2, 0, null)).toEqual({ down: null, up: false, answer: true });
    expect(peers.heartbeat('p2', 1, 0, from(9, 2))).toEqual({ down: null, up: true, answer: true });
    expect(peers.heartbeat('p3', 1, 0, null)).toEqual({ down: null, up: false, answer: true });
    expect(peers.pending).toBe(2);
    expect(peers.drop('p1')).toBeNull();
    expect(peers.pending).toBe(1);
  });
});
