// The chat in a real browser: Debian's Chromium, driven by playwright-core, against the demo server on a free port.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer } from '../../src/chat-server.js';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it when missing). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
];
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));
/** How long one step may wait for the page (the panel refreshes once a second). */
const STEP = 10_000;

let chat: ChatServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (CI's .ci/run does), or set CHROMIUM_PATH`);
  }
  profile = await mkdtemp(path.join(tmpdir(), 'corral-chromium-'));
  chat = await startChatServer({ port: 0 });
  // launchPersistentContext is how playwright passes a fresh --user-data-dir.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 1000 },
    timeout: 30_000,
  });
}, 45_000);

afterAll(async () => {
  await context?.close();
  await chat?.close();
  if (profile !== undefined) await rm(profile, { recursive: true, force: true });
});

/** Opens the chat in a new tab, in `room`, and joins as `nickname`. */
async function joinAs(nickname: string, room: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  await page.goto(`${chat.url}#${room}`);
  await page.locator('#chat-status[data-state="open"]').waitFor();
  await page.fill('#nickname', nickname);
  await page.click('#join-form button');
  await page.locator('#members li', { hasText: nickname }).waitFor();
  return page;
}

/** The nicknames the page lists as members. */
function members(page: Page): Promise<string[]> {
  return page.locator('#members li .nick').allTextContents();
}

describe('the chat page in Chromium', () => {
  it('shows messages, members with their node, departures and the processes behind them', async () => {
    const alice = await joinAs('alice', 'e2e-room');
    const bob = await joinAs('bob', 'e2e-room');
    await alice.locator('#members li', { hasText: 'bob' }).waitFor();
    expect(await members(alice)).toEqual(['alice', 'bob']);
    expect(await members(bob)).toEqual(['alice', 'bob']);
    expect(await bob.locator('#members li .node').allTextContents()).toEqual(['@ chat@localhost', '@ chat@localhost']);
    await alice.locator('#messages li.joined', { hasText: 'bob joined' }).waitFor();

    // One sends, the other sees it, as text: markup in a message is never HTML.
    const hello = 'Hello Bob, <b>this is not bold</b> & <script>alert(1)</script>';
    await alice.fill('#text', hello);
    await alice.click('#say-form button');
    const heard = bob.locator('#messages li.said', { hasText: 'Hello Bob' });
    await heard.waitFor();
    expect(await heard.locator('.who').textContent()).toBe('alice');
    expect(await heard.locator('.text').textContent()).toBe(hello);
    expect(await bob.locator('#messages b, #messages script').count()).toBe(0);
    await bob.fill('#text', 'Hi Alice!');
    await bob.click('#say-form button');
    await alice.locator('#messages li.said', { hasText: 'Hi Alice!' }).waitFor();

    // The process panel lists the connection processes (two chats, two panels), the room, and hibernated ones.
    await alice.locator('#processes tr[data-kind="connection"]').nth(3).waitFor();
    await alice.locator('#processes tr[data-kind="connection"] td[data-status="hibernated"]').first().waitFor();
    await alice.locator('#processes tr[data-kind="room"]').first().waitFor();
    expect(await alice.locator('#observer-node').textContent()).toBe('on chat@localhost');
    expect(Number(await alice.locator('#total-connections').textContent())).toBeGreaterThanOrEqual(4);
    expect(Number(await alice.locator('#total-hibernated').textContent())).toBeGreaterThanOrEqual(1);

    await mkdir(ARTIFACTS, { recursive: true });
    await alice.screenshot({ path: path.join(ARTIFACTS, 'chat.png'), fullPage: true });

    // A tab closes: its connection process exits, pg drops it, and the room announces the departure.
    await bob.close();
    await alice.locator('#messages li.left', { hasText: 'bob left' }).waitFor();
    await alice.locator('#members li', { hasText: 'bob' }).waitFor({ state: 'detached' });
    expect(await members(alice)).toEqual(['alice']);
  }, 60_000);
});
