// The published packages as a library user gets them: built, packed by pnpm, installed by npm from the tarballs in a fresh project.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const pnpm = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { packageManager: string }).packageManager;
const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const published = ['actor', 'websocket'] as const;
/** Bound on the installed @corral/actor (dist: JS, declarations and source maps without inlined sources; README, LICENSE). */
const ACTOR_MAX_BYTES = 800 * 1024;

// The npm_* variables a package manager sets for scripts stay out (npm_config_local_prefix would point npm at the workspace).
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));

type Manifest = {
  name: string; version: string; description?: string; license?: string; type?: string; sideEffects?: boolean;
  engines?: Record<string, string>; files?: string[]; exports?: Record<string, unknown>; dependencies?: Record<string, string>;
};

let work = '';
let project = '';
const timings: Record<string, number> = {};

async function run(file: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 150_000 });
  return stdout;
}

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await step();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every file under `dir`, as paths relative to it, with the sum of their sizes in bytes. */
function walk(dir: string, prefix = ''): { files: string[]; bytes: number } {
  const out = { files: [] as string[], bytes: 0 };
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) {
      const sub = walk(dir, rel);
      out.files.push(...sub.files);
      out.bytes += sub.bytes;
    } else {
      out.files.push(rel);
      out.bytes += statSync(path.join(dir, rel)).size;
    }
  }
  return out;
}

/** Where `name` is installed for a package installed at `from` (nested first, then hoisted). */
function installed(name: string, from: string): string {
  const nested = path.join(from, 'node_modules', name);
  return existsSync(nested) ? nested : path.join(project, 'node_modules', name);
}

/** The installed packages `name` brings in, itself included: name -> directory. */
function closure(name: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (dep: string, from: string): void => {
    if (seen.has(dep)) return;
    const dir = installed(dep, from);
    seen.set(dep, dir);
    for (const next of Object.keys(manifest(dir).dependencies ?? {})) visit(next, dir);
  };
  visit(name, project);
  return seen;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'corral-consumer-'));
  project = path.join(work, 'project');
  const packs = path.join(work, 'packs');
  // pnpm runs the builds in dependency order: actor first, websocket against actor's fresh declarations.
  await timed('build', () => run('npx', ['-y', pnpm, '--filter', '@corral/actor', '--filter', '@corral/websocket', 'run', 'build'], root));
  await timed('pack', async () => {
    for (const name of published) await run('npx', ['-y', pnpm, 'pack', '--pack-destination', packs], path.join(root, 'packages', name));
  });
  const tarballs = readdirSync(packs).filter((f) => f.endsWith('.tgz')).map((f) => path.join(packs, f));
  expect(tarballs.map((t) => path.basename(t)).sort()).toEqual(['corral-actor-0.1.0.tgz', 'corral-websocket-0.1.0.tgz']);
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'corral-consumer', private: true, type: 'module' }));
  // ws for the test's own client; @types/node as any TypeScript user on Node.js has it.
  await timed('npm install', () => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs, 'ws@^8.23.0', '@types/node@^20.19.0'], project));
  for (const file of ['consumer.mjs', 'consumer.ts']) copyFileSync(path.join(fixtures, file), path.join(project, file));
}, 180_000);

afterAll(() => {
  console.log(`consumer test timings (ms): ${JSON.stringify(timings)}`);
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the published packages, packed by pnpm and installed by npm from their tarballs', () => {
  it('are installed from the local tarballs, not from a registry', () => {
    const lock = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    for (const name of published) {
      expect(lock.packages[`node_modules/@corral/${name}`]?.resolved).toMatch(new RegExp(`^file:.*corral-${name}-0\\.1\\.0\\.tgz$`));
    }
  });

  it('have manifests a registry accepts: metadata, exports with types and default, runtime dependencies only', () => {
    const expected = {
      actor: { subpaths: ['.', './testing', './package.json'], dependencies: ['denque'] },
      websocket: { subpaths: ['.', './package.json'], dependencies: ['@corral/actor', 'ws'] },
    };
    for (const name of published) {
      const dir = path.join(project, 'node_modules', '@corral', name);
      const m = manifest(dir);
      expect(m).toMatchObject({ name: `@corral/${name}`, version: '0.1.0', license: 'MIT', type: 'module', sideEffects: false, engines: { node: '>=20' } });
      expect(m.description).toBeTruthy();
      expect(m.files).toEqual(['dist', 'README.md']);
      expect(Object.keys(m.exports ?? {})).toEqual(expected[name].subpaths);
      for (const [subpath, target] of Object.entries(m.exports ?? {})) {
        if (subpath === './package.json') continue;
        // No `source` condition: it would point at src/, which is not shipped.
        expect(Object.keys(target as object), subpath).toEqual(['types', 'default']);
        for (const file of Object.values(target as Record<string, string>)) expect(existsSync(path.join(dir, file)), file).toBe(true);
      }
      expect(Object.keys(m.dependencies ?? {}).sort()).toEqual(expected[name].dependencies);
      expect(JSON.stringify(m.dependencies)).not.toContain('workspace:');
    }
  });

  it('ship dist, README.md, LICENSE and package.json only, with a source map beside each module and no sources inlined', () => {
    for (const name of published) {
      const dir = path.join(project, 'node_modules', '@corral', name);
      const { files } = walk(dir);
      expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
      expect(files.filter((f) => /\.test\.|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
      const modules = files.filter((f) => f.endsWith('.js'));
      expect(modules.length).toBeGreaterThan(0);
      for (const module of modules) {
        const map = `${module}.map`;
        expect(files, module).toContain(map);
        const { sources, sourcesContent } = JSON.parse(readFileSync(path.join(dir, map), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
        expect(sources.length, map).toBe(1);
        expect(sourcesContent, map).toBeUndefined();
      }
      expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 the Corral authors');
    }
  });

  it('run from plain JavaScript: a node, processes, and a WebSocket route answering over a real socket', async () => {
    const out = await timed('javascript consumer', () => run(process.execPath, ['consumer.mjs'], project));
    expect(JSON.parse(out)).toEqual({ received: '1: hello', downReason: 'killed', watcherExit: 'normal', processes: 0 });
  });

  it('type-check a strict nodenext TypeScript consumer against the shipped declarations, library checks included', async () => {
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig('consumer.ts')));
    await timed('tsc consumer', () => run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], project));
  });

  it('refuse wrong calls: each line under a @ts-expect-error is a type error once the directive is gone', async () => {
    const lines = readFileSync(path.join(project, 'consumer.ts'), 'utf8').split('\n');
    const expected = lines.flatMap((line, i) => (line.includes('// @ts-expect-error') ? [i + 2] : []));
    expect(expected.length).toBeGreaterThanOrEqual(4);
    writeFileSync(path.join(project, 'unmarked.ts'), lines.map((l) => l.replace('// @ts-expect-error', '//')).join('\n'));
    writeFileSync(path.join(project, 'tsconfig.unmarked.json'), JSON.stringify(tsconfig('unmarked.ts')));
    const failure = await timed('tsc unmarked', () => run(process.execPath, [tsc, '-p', 'tsconfig.unmarked.json', '--pretty', 'false'], project))
      .then(() => undefined, (error: { stdout: string }) => error.stdout);
    expect(failure).toBeDefined();
    const errorLines = [...(failure ?? '').matchAll(/^unmarked\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1]));
    expect([...new Set(errorLines)]).toEqual(expected);
    expect(failure).toContain("'maxFrameSzie' does not exist in type 'ListenOptions'");
    expect(failure).toContain("'budjet' does not exist in type 'NodeOptions'");
  });

  it('keep @corral/actor small, and pull in no development dependency', () => {
    const actor = walk(path.join(project, 'node_modules', '@corral', 'actor'));
    const report: string[] = [`@corral/actor: ${kb(actor.bytes)} in ${actor.files.length} files`];
    for (const name of published) {
      const deps = closure(`@corral/${name}`);
      const bytes = [...deps.values()].reduce((sum, dir) => sum + walk(dir).bytes, 0);
      report.push(`@corral/${name} with its dependencies (${[...deps.keys()].join(', ')}): ${kb(bytes)}`);
      expect([...deps.keys()].sort()).toEqual(name === 'actor' ? ['@corral/actor', 'denque'] : ['@corral/actor', '@corral/websocket', 'denque', 'ws']);
    }
    console.log(`installed sizes: ${report.join('; ')}`);
    expect(actor.bytes).toBeLessThan(ACTOR_MAX_BYTES);
    for (const dev of ['typescript', 'vitest', '@types/ws', 'eslint', 'typedoc', 'dependency-cruiser']) {
      expect(existsSync(path.join(project, 'node_modules', dev)), dev).toBe(false);
    }
  });
});

/** A strict consumer's tsconfig: nodenext resolution, and the shipped .d.ts checked too (no skipLibCheck). */
function tsconfig(file: string): object {
  return {
    compilerOptions: {
      strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: ['node'],
      noEmit: true, skipLibCheck: false, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true,
    },
    files: [file],
  };
}
