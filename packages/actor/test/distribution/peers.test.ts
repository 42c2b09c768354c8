import { describe, expect, it } from 'vitest';
import { Peers } from '../../src/distribution/peers.js';

describe('the liveness table', () => {
  it('brings a node up on its first heartbeat only', () => {
    const peers = new Peers();
    expect(peers.heartbeat('b', 1, 0)).toEqual({ down: null, up: true });
    expect(peers.heartbeat('b', 1, 10)).toEqual({ down: null, up: false });
    expect(peers.isUp('b', 1)).toBe(true);
    expect(peers.isUp('b', 2)).toBe(false);
  });

  it('sees a new creation as the old incarnation going down and the new one coming up', () => {
    const peers = new Peers();
    peers.heartbeat('b', 1, 0);
    expect(peers.heartbeat('b', 2, 5)).toEqual({ down: { name: 'b', creation: 1 }, up: true });
    expect(peers.creationOf('b')).toBe(2);
  });

  it('expires a node unheard for longer than the timeout, counting any packet as a sign of life', () => {
    const peers = new Peers();
    peers.heartbeat('b', 1, 0);
    peers.heartbeat('c', 1, 0);
    expect(peers.touch('c', 1, 300)).toBe(true);
    expect(peers.touch('c', 9, 300)).toBe(false);
    expect(peers.expire(400, 400)).toEqual([]);
    expect(peers.expire(401, 400)).toEqual([{ name: 'b', creation: 1 }]);
    expect(peers.names()).toEqual(['c']);
  });

  it('drops a node that says goodbye', () => {
    const peers = new Peers();
    peers.heartbeat('b', 1, 0);
    expect(peers.drop('b')).toEqual({ name: 'b', creation: 1 });
    expect(peers.drop('b')).toBeNull();
  });
});
