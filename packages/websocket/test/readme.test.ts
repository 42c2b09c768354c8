// The README's example runs, and the README shows it verbatim.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { echoSession } from '../examples/echo.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows examples/echo.ts verbatim in a ts block', () => {
    const source = readFileSync(new URL('../examples/echo.ts', import.meta.url), 'utf8');
    expect(readme).toContain('```ts\n' + source + '```');
  });

  it('runs the echo example: a welcome sent to self, an echo, and a goodbye from outside the connection', async () => {
    expect(await echoSession()).toEqual(['welcome', 'echo hello', 'bye after 1', 'closed 1000']);
  });
});
