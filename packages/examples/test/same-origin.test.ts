// The demo's upgrades are same-origin by default: a page of another origin gets 403 before the upgrade, on the chat and on the panel.
import { createNode } from '@corral/actor';
import { createRecordingLogger } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer } from '../src/chat-server.js';
import { pageOrigins } from '../src/same-origin.js';
import { upgradeWith } from './support/upgrade-status.js';

let chat: ChatServer | undefined;
afterEach(async () => {
  await chat?.close();
  chat = undefined;
});

async function quietChat(opts: { allowedOrigins?: string[] } = {}): Promise<ChatServer> {
  const node = createNode({ name: 'origin@test', logger: createRecordingLogger() });
  const started = await startChatServer({ node, port: 0, ...opts });
  const close = started.close.bind(started);
  return { ...started, close: async () => (await close(), node.stop()) };
}

describe('pageOrigins', () => {
  it('gives the loopback origins for a loopback or wildcard address, else the address itself', () => {
    const loopback = ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080'];
    expect(pageOrigins('127.0.0.1', 8080)).toEqual(loopback);
    expect(pageOrigins('localhost', 8080)).toEqual(loopback);
    expect(pageOrigins('0.0.0.0', 8080)).toEqual(loopback);
    expect(pageOrigins('::', 8080)).toEqual(loopback);
    expect(pageOrigins('::1', 8080)).toEqual(loopback);
    expect(pageOrigins('192.168.1.20', 80)).toEqual(['http://192.168.1.20:80']);
    expect(pageOrigins('chat.example.com', 8080)).toEqual(['http://chat.example.com:8080']);
    expect(pageOrigins('fe80::1', 8080)).toEqual(['http://[fe80::1]:8080']);
  });
});

describe('the chat server by default', () => {
  it.each(['/ws/chat/lobby', '/ws/observer'])('answers 403 on %s to a page of another origin, before any upgrade', async (path) => {
    chat = await quietChat();
    const port = chat.server.address.port;
    expect(await upgradeWith(port, path, 'http://evil.example')).toBe(403);
    expect(await upgradeWith(port, path, `http://localhost:${port + 1}`)).toBe(403);
    expect(await upgradeWith(port, path, 'null')).toBe(403);
    expect(chat.server.connections()).toEqual([]);
    expect(chat.rooms.population('lobby')).toBe(0);
  });

  it.each(['/ws/chat/lobby', '/ws/observer'])('upgrades %s for its own page, through localhost or 127.0.0.1, and for a client without Origin', async (path) => {
    chat = await quietChat();
    const port = chat.server.address.port;
    expect(chat.allowedOrigins).toEqual([`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]);
    expect(await upgradeWith(port, path, `http://localhost:${port}`)).toBe('open');
    expect(await upgradeWith(port, path, `http://127.0.0.1:${port}`)).toBe('open');
    expect(await upgradeWith(port, path, undefined)).toBe('open');
  });
});

describe('the chat server with allowedOrigins', () => {
  it('takes the origins given instead of its own', async () => {
    chat = await quietChat({ allowedOrigins: ['https://chat.example.com'] });
    const port = chat.server.address.port;
    expect(await upgradeWith(port, '/ws/chat/lobby', 'https://chat.example.com')).toBe('open');
    expect(await upgradeWith(port, '/ws/observer', 'https://chat.example.com')).toBe('open');
    expect(await upgradeWith(port, '/ws/chat/lobby', `http://localhost:${port}`)).toBe(403);
  });
});
