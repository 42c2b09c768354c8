// The pub/sub example: a chat room on pg, run as it is shipped.
import { describe, expect, it } from 'vitest';
import { chatRoom } from '../../examples/pub-sub.js';

describe('the pub-sub example', () => {
  it('everyone but the publisher hears it, and the moderator sees the members join and bob leave', async () => {
    expect(await chatRoom()).toEqual({
      heard: ['bob heard alice: hello', 'carol heard alice: hello'],
      events: ['join: alice, bob, carol', 'leave: bob'],
    });
  });
});
