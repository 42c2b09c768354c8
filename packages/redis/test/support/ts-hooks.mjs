// Module hooks for the child processes of the multi-process tests: Node 20 runs the TypeScript sources, transpiled on load (and cached on disk).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Transpiled modules, by a hash of their url and source: the children of one run (and later runs) transpile each file once. */
const cacheDir = new URL('../../../../node_modules/.cache/corral-ts-hooks/', import.meta.url);
/** What the output depends on besides the source: the compiler's version and options (below). */
const COMPILER = `typescript ${require('typescript/package.json').version}, es2022, esnext, verbatim`;
let ts = null;

/** A relative `./x.js` imported from a .ts file is `./x.ts`, as TypeScript's NodeNext resolution has it. */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw error;
  }
}

function transpile(url, source) {
  ts ??= require('typescript');
  return ts.transpileModule(source, {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, inlineSourceMap: true },
  }).outputText;
}

/** The transpiled source of `url`, from the cache when this very source was transpiled before; a cache that cannot be written is only slower. */
async function transpiled(url, source) {
  const key = createHash('sha256').update(`${COMPILER}\0${url}\0${source}`).digest('hex');
  const file = new URL(`${key}.js`, cacheDir);
  try {
    return await readFile(file, 'utf8');
  } catch {
    const output = transpile(url, source);
    try {
      await mkdir(cacheDir, { recursive: true });
      const partial = new URL(`${key}.${process.pid}.tmp`, cacheDir);
      await writeFile(partial, output);
      await rename(partial, file); // atomic: a child reading at the same time sees the whole file or none
    } catch {
      // no cache this time
    }
    return output;
  }
}

/** A .ts file loads as an ES module with its types stripped (no type checking: `pnpm typecheck` does that). */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(new URL(url), 'utf8');
  return { format: 'module', source: await transpiled(url, source), shortCircuit: true };
}
