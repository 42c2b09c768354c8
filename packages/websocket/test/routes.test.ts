// Routes compile once and match like Cowboy's router: literals, :bindings, a last [...], first declared wins; static paths cannot escape.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WebSocketHandler } from '../src/handler.js';
import { route, staticFiles, type Route } from '../src/options.js';
import { ok } from '../src/result.js';
import { compileRoutes, contentType, resolveStaticFile } from '../src/routes.js';

const handler: WebSocketHandler<null> = {
  websocketInit: () => ok(null),
  websocketHandle: (_frame, _req, state) => ok(state),
  websocketInfo: (_msg, _req, state) => ok(state),
  websocketTerminate: () => undefined,
};

/** The bindings and rest `pattern` gives `requestPath`, or undefined when it does not match. */
function upgrade(pattern: string, requestPath: string): { bindings: Record<string, string>; rest: string | undefined } | undefined {
  const match = compileRoutes([route(pattern, handler)]).matchUpgrade(requestPath);
  return match && { bindings: match.bindings, rest: match.rest };
}

/** The error code compileRoutes throws for `routes`. */
function compileError(routes: readonly unknown[]): unknown {
  try {
    compileRoutes(routes as readonly Route[]);
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'nothing thrown';
}

describe('matchUpgrade with literal segments', () => {
  it('matches the exact path and the root', () => {
    expect(upgrade('/ws', '/ws')).toEqual({ bindings: {}, rest: undefined });
    expect(upgrade('/', '/')).toEqual({ bindings: {}, rest: undefined });
    expect(upgrade('/a/b', '/a/b')).toEqual({ bindings: {}, rest: undefined });
  });

  it('does not match other paths, prefixes or longer paths', () => {
    for (const requestPath of ['/w', '/wss', '/ws/x', '/', '', 'ws', '*', 'http://host/ws']) expect(upgrade('/ws', requestPath)).toBeUndefined();
  });

  it('ignores a trailing slash, as Cowboy does', () => {
    expect(upgrade('/ws', '/ws/')).toEqual({ bindings: {}, rest: undefined });
    expect(upgrade('/ws/', '/ws')).toEqual({ bindings: {}, rest: undefined });
  });

  it('ignores the query string', () => {
    expect(upgrade('/ws', '/ws?token=a/b')).toEqual({ bindings: {}, rest: undefined });
  });

  it('compares literals with the percent-decoded segment', () => {
    expect(upgrade('/café', '/caf%C3%A9')).toEqual({ bindings: {}, rest: undefined });
    expect(upgrade('/a b', '/a%20b')).toEqual({ bindings: {}, rest: undefined });
  });
});

describe('matchUpgrade with :bindings', () => {
  it('binds each named segment', () => {
    expect(upgrade('/chat/:room/:user', '/chat/lobby/ann')).toEqual({ bindings: { room: 'lobby', user: 'ann' }, rest: undefined });
  });

  it('percent-decodes bindings', () => {
    expect(upgrade('/chat/:room', '/chat/caf%C3%A9%20au%3Flait')).toEqual({ bindings: { room: 'café au?lait' }, rest: undefined });
  });

  it.each(['/chat/a%2Fb', '/chat/a%2fb', '/chat/%2F', '/chat/..%2F..%2Fetc%2Fpasswd', '/chat/a%5Cb', '/chat/a%00'])(
    'does not match %s, whose binding would decode to a separator or a NUL',
    (requestPath) => {
      expect(upgrade('/chat/:room', requestPath)).toBeUndefined();
    },
  );

  it('does not match when a segment fails to decode', () => {
    expect(upgrade('/chat/:room', '/chat/%E0%A4%A')).toBeUndefined();
    expect(upgrade('/chat/:room', '/chat/%ZZ')).toBeUndefined();
  });

  it("does not match '/chat/' nor '/chat/a/b' for '/chat/:room'", () => {
    expect(upgrade('/chat/:room', '/chat/')).toBeUndefined();
    expect(upgrade('/chat/:room', '/chat')).toBeUndefined();
    expect(upgrade('/chat/:room', '/chat/a/b')).toBeUndefined();
    expect(upgrade('/chat/:room', '/chat//')).toBeUndefined();
  });

  it('binds __proto__ as a plain own property', () => {
    const bindings = upgrade('/:__proto__', '/x')?.bindings;
    expect(Object.getPrototypeOf(bindings)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(bindings, '__proto__')?.value).toBe('x');
  });
});

describe('matchUpgrade with [...]', () => {
  it('matches zero or more remaining segments, joined with slashes', () => {
    expect(upgrade('/files/[...]', '/files')).toEqual({ bindings: {}, rest: '' });
    expect(upgrade('/files/[...]', '/files/')).toEqual({ bindings: {}, rest: '' });
    expect(upgrade('/files/[...]', '/files/a')).toEqual({ bindings: {}, rest: 'a' });
    expect(upgrade('/files/[...]', '/files/a/b/c.txt')).toEqual({ bindings: {}, rest: 'a/b/c.txt' });
  });

  it('decodes the rest and combines with bindings', () => {
    expect(upgrade('/u/:id/[...]', '/u/7/a%20b/c')).toEqual({ bindings: { id: '7' }, rest: 'a b/c' });
    expect(upgrade('/[...]', '/')).toEqual({ bindings: {}, rest: '' });
  });

  it('still needs its leading segments', () => {
    expect(upgrade('/files/[...]', '/other/a')).toBeUndefined();
  });
});

describe('matchUpgrade with dot segments', () => {
  it.each(['/files/../secret', '/files/./a', '/files/%2e%2e/secret', '/files/a/%2E%2E'])('does not match %s', (requestPath) => {
    expect(upgrade('/files/[...]', requestPath)).toBeUndefined();
    expect(upgrade('/[...]', requestPath)).toBeUndefined();
  });
});

describe('matchUpgrade with encoded separators', () => {
  it.each(['/files/..%2F..%2Fetc%2Fpasswd', '/files/a%2Fb', '/files/ok/%2e%2e%2fx', '/files/..%5C..%5Cwin.ini', '/files/a%00b'])(
    'does not match %s: the rest never gains a separator or a dot segment from percent-decoding',
    (requestPath) => {
      expect(upgrade('/files/[...]', requestPath)).toBeUndefined();
      expect(upgrade('/[...]', requestPath)).toBeUndefined();
    },
  );

  it('keeps an encoded character that is not a separator in the rest', () => {
    expect(upgrade('/files/[...]', '/files/a%3Fb/%2E%2E.txt')).toEqual({ bindings: {}, rest: 'a?b/...txt' });
  });
});

describe('compileRoutes', () => {
  it('returns the first declared route that matches', () => {
    const first = route('/chat/:room', handler);
    const second = route('/chat/lobby', handler);
    const routes = compileRoutes([first, second, route('/[...]', handler)]);
    expect(routes.matchUpgrade('/chat/lobby')?.route).toBe(first);
    expect(routes.matchUpgrade('/elsewhere')?.route.path).toBe('/[...]');
  });

  it('keeps handler and static routes apart', () => {
    const routes = compileRoutes([staticFiles('/', '/srv/www'), route('/ws', handler)]);
    expect(routes.matchUpgrade('/index.html')).toBeUndefined();
    expect(routes.matchUpgrade('/ws')?.type).toBe('handler');
    expect(routes.matchRequest('/ws')).toMatchObject({ type: 'static', file: 'ws' });
  });

  it('accepts no routes at all', () => {
    const routes = compileRoutes([]);
    expect(routes.matchUpgrade('/')).toBeUndefined();
    expect(routes.matchRequest('/')).toBeUndefined();
  });

  it.each([
    ['a pattern not starting with /', 'chat'],
    ['an empty pattern', ''],
    ['an empty segment', '/a//b'],
    ['[...] before the end', '/[...]/a'],
    ['an empty :', '/chat/:'],
    ['an invalid binding name', '/chat/:a-b'],
    ['a binding twice', '/:a/:a'],
    ['brackets in a literal', '/a[b]'],
    ['an unsupported optional segment', '/hats/[page]'],
  ])('refuses %s with badRoute', (_name, pattern) => {
    expect(compileError([route(pattern, handler)])).toBe('badRoute');
  });

  it('refuses values that are not routes with badRoute', () => {
    expect(compileError([{ type: 'handler', path: '/ws', handler, opts: undefined }])).toBe('badRoute');
    expect(compileError([null])).toBe('badRoute');
    expect(compileError('/ws' as unknown as unknown[])).toBe('badRoute');
  });

  it('refuses the same pattern twice with duplicateRoute, also under other binding names or a trailing slash', () => {
    expect(compileError([route('/ws', handler), route('/ws', handler)])).toBe('duplicateRoute');
    expect(compileError([route('/chat/:a', handler), route('/chat/:b', handler)])).toBe('duplicateRoute');
    expect(compileError([route('/ws', handler), route('/ws/', handler)])).toBe('duplicateRoute');
    expect(compileError([staticFiles('/s', '/a'), staticFiles('/s', '/b')])).toBe('duplicateRoute');
    expect(compileError([route('/s', handler), staticFiles('/s', '/b')])).toBe('nothing thrown');
  });

  it('refuses a static route whose path is not a literal prefix, or without a dir', () => {
    expect(compileError([staticFiles('/s/:x', '/a')])).toBe('badRoute');
    expect(compileError([staticFiles('/s/[...]', '/a')])).toBe('badRoute');
    expect(compileError([staticFiles('static', '/a')])).toBe('badRoute');
    expect(compileError([staticFiles('/s', '')])).toBe('badRoute');
  });
});

describe('matchRequest', () => {
  const www = staticFiles('/static', '/srv/www');
  const routes = compileRoutes([www, staticFiles('/', '/srv/root')]);

  it('gives the decoded file under the prefix', () => {
    expect(routes.matchRequest('/static/css/app.css')).toEqual({ type: 'static', route: www, file: 'css/app.css' });
    expect(routes.matchRequest('/static/my%20file.txt?v=2')?.file).toBe('my file.txt');
  });

  it("gives '' for the prefix itself", () => {
    expect(routes.matchRequest('/static')?.file).toBe('');
    expect(routes.matchRequest('/static/')?.file).toBe('');
    expect(routes.matchRequest('/')).toMatchObject({ file: '', route: { dir: '/srv/root' } });
  });

  it('matches whole segments only', () => {
    expect(routes.matchRequest('/staticx/a')).toMatchObject({ file: 'staticx/a', route: { dir: '/srv/root' } });
  });

  it.each([
    '/static/../etc/passwd', '/static/%2e%2e/etc/passwd', '/static/css/..', '/static/%2Fetc%2Fpasswd', '/static/..%5Csecret',
    '/static/a%00.txt', '/static//etc/passwd', '/static/a%E0', 'static/a',
  ])('refuses the traversal attempt %s', (requestPath) => {
    expect(routes.matchRequest(requestPath)).toBeUndefined();
  });
});

describe('resolveStaticFile', () => {
  const dir = path.resolve('/srv/www');

  it('gives the absolute path under the directory', () => {
    expect(resolveStaticFile('/srv/www', 'css/app.css')).toBe(path.join(dir, 'css', 'app.css'));
    expect(resolveStaticFile('/srv/www/', 'a.txt')).toBe(path.join(dir, 'a.txt'));
    expect(resolveStaticFile('/', 'a.txt')).toBe(path.resolve('/a.txt'));
  });

  it("gives the directory itself for ''", () => {
    expect(resolveStaticFile('/srv/www', '')).toBe(dir);
  });

  it.each(['..', '../etc/passwd', 'a/../../etc/passwd', 'a/../b', '/etc/passwd', 'a\0.txt', '..\\secret', 'a\\b'])(
    'refuses %s',
    (file) => {
      expect(resolveStaticFile('/srv/www', file)).toBeUndefined();
    },
  );
});

describe('contentType', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'], ['app.css', 'text/css; charset=utf-8'], ['app.js', 'text/javascript; charset=utf-8'],
    ['mod.mjs', 'text/javascript; charset=utf-8'], ['data.json', 'application/json; charset=utf-8'],
    ['logo.svg', 'image/svg+xml; charset=utf-8'], ['a.png', 'image/png'], ['a.jpg', 'image/jpeg'], ['a.jpeg', 'image/jpeg'],
    ['a.gif', 'image/gif'], ['favicon.ico', 'image/x-icon'], ['notes.txt', 'text/plain; charset=utf-8'], ['font.woff2', 'font/woff2'],
    ['app.js.map', 'application/json; charset=utf-8'], ['css/APP.CSS', 'text/css; charset=utf-8'],
  ])('gives %s the type %s', (file, type) => {
    expect(contentType(file)).toBe(type);
  });

  it('falls back to application/octet-stream', () => {
    for (const file of ['archive.tar.gz', 'Makefile', '', '.html', 'a.__proto__', 'a.constructor']) {
      expect(contentType(file)).toBe('application/octet-stream');
    }
  });
});
