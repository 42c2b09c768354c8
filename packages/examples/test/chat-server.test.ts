// startChatServer: the page's files, the URL it prints, and a clean stop.
import { createNode } from '@corral/actor';
import { afterEach, describe, expect, it } from 'vitest';
import { pageUrl, startChatServer, type ChatServer } from '../src/chat-server.js';

let chat: ChatServer | undefined;
afterEach(async () => {
  await chat?.close();
  chat = undefined;
});

describe('startChatServer', () => {
  it('serves the page, its script and its style as static files', async () => {
    chat = await startChatServer({ port: 0 });
    const base = `http://127.0.0.1:${chat.server.address.port}`;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js"></script>');
    expect(html).toContain('id="processes"');
    expect((await fetch(`${base}/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${base}/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });

  it('renders untrusted text with textContent only: the script never touches innerHTML', async () => {
    chat = await startChatServer({ port: 0 });
    const script = await (await fetch(`http://127.0.0.1:${chat.server.address.port}/app.js`)).text();
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(script).toContain('textContent');
  });

  it('gives the URL to open, localhost for a loopback or wildcard address', async () => {
    chat = await startChatServer({ port: 0 });
    expect(chat.url).toBe(`http://localhost:${chat.server.address.port}/`);
    expect(pageUrl('0.0.0.0', 8080)).toBe('http://localhost:8080/');
    expect(pageUrl('192.168.1.20', 80)).toBe('http://192.168.1.20:80/');
    expect(pageUrl('fe80::1', 8080)).toBe('http://[fe80::1]:8080/');
  });

  it('stops the node it made when it closes, and leaves a node it was given running', async () => {
    const own = await startChatServer({ port: 0 });
    await own.close();
    expect(own.node.processes()).toEqual([]);
    const node = createNode();
    const given = await startChatServer({ node, port: 0 });
    await given.close();
    expect(node.processes()).toEqual([]); // the rooms' scope and the observer are stopped...
    expect(() => node.spawnHandler({ init: () => 0, handleMessage: (_m, s) => s })).not.toThrow(); // ...the node is not
    node.stop();
  });

  it('rejects when the port is taken, leaving nothing running on the node', async () => {
    chat = await startChatServer({ port: 0 });
    const node = createNode();
    await expect(startChatServer({ node, port: chat.server.address.port })).rejects.toThrow(/EADDRINUSE/);
    expect(node.processes()).toEqual([]);
    node.stop();
  });
});
