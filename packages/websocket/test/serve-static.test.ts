// staticFiles on a real directory: dotfiles are 404 unless allowed, and no symlink leads out of the served directory.
import { createNode } from '@corral/actor';
import { createRecordingLogger } from '@corral/actor/testing';
import { isWebSocketError, listen, staticFiles, type ListenOptions, type StaticFilesOptions } from '@corral/websocket';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'corral-static-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A served directory `public/` beside a `secret/` one (passwd, index.html): public has index.html,
 * app.js, .env, .git/config, .git/index.html, docs/.draft.md, and symlinks: `out.txt` and `out-dir` lead into secret/, `alias.js`
 * to app.js, `env-alias` to .env.
 */
function fixture(): string {
  const base = tempDir();
  const pub = path.join(base, 'public');
  const secret = path.join(base, 'secret');
  mkdirSync(path.join(pub, '.git'), { recursive: true });
  mkdirSync(path.join(pub, 'docs'));
  mkdirSync(secret);
  writeFileSync(path.join(pub, 'index.html'), '<p>hi</p>');
  writeFileSync(path.join(pub, 'app.js'), 'export {};');
  writeFileSync(path.join(pub, '.env'), 'TOKEN=1');
  writeFileSync(path.join(pub, '.git', 'config'), '[core]');
  writeFileSync(path.join(pub, 'docs', '.draft.md'), 'draft');
  writeFileSync(path.join(secret, 'passwd'), 'root:x:0:0');
  writeFileSync(path.join(secret, 'index.html'), 'secret index');
  writeFileSync(path.join(pub, '.git', 'index.html'), 'git index');
  symlinkSync(path.join(secret, 'passwd'), path.join(pub, 'out.txt'));
  symlinkSync(secret, path.join(pub, 'out-dir'));
  symlinkSync(path.join(pub, 'app.js'), path.join(pub, 'alias.js'));
  symlinkSync(path.join(pub, '.env'), path.join(pub, 'env-alias'));
  return pub;
}

async function serve(dir: string, opts?: StaticFilesOptions): Promise<number> {
  const node = createNode({ logger: createRecordingLogger() });
  const server = await listen(node, { port: 0, routes: [staticFiles('/', dir, opts)] });
  cleanups.push(async () => {
    await server.close();
    node.stop();
  });
  return server.address.port;
}

function get(port: number, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: pathname }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('staticFiles', () => {
  it('serves files, a directory index and a symlink that stays inside the directory', async () => {
    const port = await serve(fixture());
    expect(await get(port, '/app.js')).toEqual({ status: 200, body: 'export {};' });
    expect(await get(port, '/')).toEqual({ status: 200, body: '<p>hi</p>' });
    expect(await get(port, '/alias.js')).toEqual({ status: 200, body: 'export {};' });
  });

  it.each(['/.env', '/.git/config', '/.git/', '/docs/.draft.md', '/%2Eenv', '/env-alias'])('answers 404 to the dotfile %s by default', async (target) => {
    const port = await serve(fixture());
    expect(await get(port, target)).toEqual({ status: 404, body: '' });
  });

  it("serves dotfiles with dotfiles: 'allow'", async () => {
    const port = await serve(fixture(), { dotfiles: 'allow' });
    expect(await get(port, '/.env')).toEqual({ status: 200, body: 'TOKEN=1' });
    expect(await get(port, '/.git/config')).toEqual({ status: 200, body: '[core]' });
    expect(await get(port, '/env-alias')).toEqual({ status: 200, body: 'TOKEN=1' });
  });

  it.each(['/out.txt', '/out-dir/passwd', '/out-dir/', '/out-dir'])('answers 404 to %s, a symlink out of the directory, dotfiles allowed or not', async (target) => {
    const dir = fixture();
    expect(await get(await serve(dir), target)).toEqual({ status: 404, body: '' });
    expect(await get(await serve(dir, { dotfiles: 'allow' }), target)).toEqual({ status: 404, body: '' });
  });

  it('serves a directory that is itself reached through a symlink', async () => {
    const dir = fixture();
    const link = path.join(tempDir(), 'site');
    symlinkSync(dir, link);
    const port = await serve(link);
    expect(await get(port, '/app.js')).toEqual({ status: 200, body: 'export {};' });
    expect(await get(port, '/out.txt')).toEqual({ status: 404, body: '' });
  });

  it('refuses a dotfiles value that is neither ignore nor allow with badRoute', async () => {
    const node = createNode();
    cleanups.push(() => node.stop());
    const opts: ListenOptions = { port: 0, routes: [staticFiles('/', '.', { dotfiles: 'deny' as 'allow' })] };
    const code = await listen(node, opts).then(() => 'listening', (e: unknown) => (isWebSocketError(e) ? e.code : String(e)));
    expect(code).toBe('badRoute');
  });
});
