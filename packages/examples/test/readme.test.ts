// The root README's handler runs, the README shows it verbatim, and the READMEs' links lead somewhere.
import { existsSync, readFileSync } from 'node:fs';
import { createNode, type Node } from '@corral/actor';
import { createRecordingLogger, runUntilIdle } from '@corral/actor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startNews } from '../src/readme-handler.js';

const root = new URL('../../../', import.meta.url);
const rootReadme = readFileSync(new URL('README.md', root), 'utf8');
const examplesReadme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

let node: Node | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  node?.stop();
  close = undefined;
  node = undefined;
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

/** The relative links of a markdown file, as [target, anchor] pairs. */
function relativeLinks(markdown: string): Array<[string, string | undefined]> {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((href) => !/^[a-z]+:/.test(href))
    .map((href) => { const [target, anchor] = href.split('#'); return [target ?? '', anchor]; });
}

function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string));
}

describe('the root README', () => {
  it('shows src/readme-handler.ts verbatim in a ts block, and the file is 15 lines', () => {
    const source = readFileSync(new URL('../src/readme-handler.ts', import.meta.url), 'utf8');
    expect(rootReadme).toContain('```ts\n' + source + '```');
    expect(source.trimEnd().split('\n')).toHaveLength(15);
  });

  it('has the test command on a line of its own, as .ci/run greps it', () => {
    expect(rootReadme.split('\n')).toContain('npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 test');
    expect(rootReadme.split('\n')).toContain('npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 start');
  });

  it('links to files that exist and to sections of the examples README that exist', () => {
    const links = relativeLinks(rootReadme);
    expect(links.length).toBeGreaterThan(0);
    for (const [target, anchor] of links) {
      expect(existsSync(new URL(target, root)), target).toBe(true);
      if (anchor !== undefined) {
        expect(headings(readFileSync(new URL(target, root), 'utf8')), `${target}#${anchor}`).toContain(anchor);
      }
    }
    expect(links.map(([target]) => target)).toContain('docs/demo.png');
    for (const section of ['echo', 'ticker', 'counter', 'processes', 'chat']) {
      expect(rootReadme).toContain(`packages/examples/README.md#${section}`);
    }
  });

  it('runs the handler: whatever another process publishes to the group, or sends to the connection, reaches the client', async () => {
    node = createNode({ logger: createRecordingLogger() });
    const { pg, server } = await startNews(node, 0);
    close = () => server.close();
    const client = new WebSocket(`ws://127.0.0.1:${server.address.port}/news`);
    const heard: string[] = [];
    const twoHeard = new Promise<void>((resolve) => client.on('message', (data) => {
      heard.push(String(data));
      if (heard.length === 2) resolve();
    }));
    await new Promise((resolve) => client.once('open', resolve));
    const [connection] = server.connections();
    expect(pg.members('news')).toEqual([connection]);
    const publisher = node.spawn(async () => pg.publish('news', 'hello from a process'));
    expect(await node.awaitExit(publisher)).toBe('normal');
    node.send(connection!, 'hello to one pid');
    await twoHeard;
    expect(heard).toEqual(['1: hello from a process', '2: hello to one pid']);
    await runUntilIdle(node);
    expect(node.processInfo(connection!)?.status).toBe('hibernated');
    client.close();
  });
});

describe('the examples README', () => {
  const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('has a section for each example script, with its command, and links to files that exist', () => {
    for (const name of ['echo', 'ticker', 'counter']) {
      expect(scripts[name]).toBe(`node dist/${name}.js`);
      expect(headings(examplesReadme)).toContain(name);
      expect(examplesReadme).toContain(`pnpm --filter @corral/examples ${name}`);
    }
    for (const [target] of relativeLinks(examplesReadme)) {
      expect(existsSync(new URL(target, new URL('../', import.meta.url))), target).toBe(true);
    }
  });
});
