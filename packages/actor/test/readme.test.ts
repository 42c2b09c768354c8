import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterTotal } from '../examples/counter-handler.js';
import { countTo } from '../examples/counter-server.js';
import { pingPong } from '../examples/ping-pong.js';
import { callAcross } from '../examples/remote-call.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = (name: string) => readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

describe('the README examples', () => {
  it('shows each example file verbatim', () => {
    for (const name of ['ping-pong.ts', 'counter-handler.ts', 'counter-server.ts', 'supervision-tree.ts', 'pub-sub.ts', 'remote-call.ts']) {
      expect(readme).toContain('```ts\n// examples/' + name + '\n' + example(name) + '```');
    }
  });

  it('ping-pong: a reply, then a DOWN with the kill reason after pong is killed', async () => {
    expect(await pingPong()).toEqual(['ping got {"n":2}', 'pong is down: killed', 'ping exited: normal']);
  });

  it('counter-server: a GenServer answers calls, takes a cast, and stops', async () => {
    expect(await countTo()).toEqual([15, 0]);
  });

  it('counter-handler: a callback-driven process sums what it was sent, hibernating between messages', async () => {
    expect(await counterTotal()).toBe(55);
  });

  it('remote-call: a server on another node answers by name, by pid and by global name, and a call to a stopped node rejects noconnection', async () => {
    expect(await callAcross()).toEqual(['ok', 'b@example: erlang', 'global: erlang', 'noconnection']);
  });
});
