// The upgrade handshake: Cowboy 1.0's checks within what ws speaks, the RFC accept key, raw responses that cannot be split.
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { acceptKey, checkUpgrade, httpResponse, switchingProtocols } from '../src/handshake.js';
import { isWebSocketError } from '../src/websocket-error.js';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** The headers of a valid upgrade request, with `extra` merged in (undefined deletes). */
function upgradeHeaders(extra: Record<string, string | string[] | undefined> = {}): IncomingHttpHeaders {
  const headers: Record<string, string | string[] | undefined> = {
    host: 'localhost', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': KEY, ...extra,
  };
  for (const [name, value] of Object.entries(headers)) if (value === undefined) delete headers[name];
  return headers as IncomingHttpHeaders;
}

describe('checkUpgrade accepts', () => {
  it('a valid version 13 request, with its key and no protocols or extensions', () => {
    expect(checkUpgrade('GET', upgradeHeaders(), {})).toEqual({ ok: true, key: KEY, version: 13, protocols: [], extensions: undefined });
  });

  it('version 8', () => {
    expect(checkUpgrade('GET', upgradeHeaders({ 'sec-websocket-version': '8' }), {})).toMatchObject({ ok: true, version: 8 });
  });

  it('Connection and Upgrade in any case, with upgrade among other Connection tokens', () => {
    const headers = upgradeHeaders({ connection: 'keep-alive, UPGRADE', upgrade: 'WebSocket' });
    expect(checkUpgrade('GET', headers, {})).toMatchObject({ ok: true });
  });

  it('the offered subprotocols as trimmed tokens and the raw extensions offer', () => {
    const headers = upgradeHeaders({
      'sec-websocket-protocol': 'chat, superchat ,,v2', 'sec-websocket-extensions': 'permessage-deflate; client_max_window_bits',
    });
    expect(checkUpgrade('GET', headers, {})).toMatchObject({
      ok: true, protocols: ['chat', 'superchat', 'v2'], extensions: 'permessage-deflate; client_max_window_bits',
    });
  });

  it('an allowed origin, and a request without Origin when origins are restricted', () => {
    const opts = { allowedOrigins: ['https://app.example'] };
    expect(checkUpgrade('GET', upgradeHeaders({ origin: 'https://app.example' }), opts)).toMatchObject({ ok: true });
    expect(checkUpgrade('GET', upgradeHeaders(), opts)).toMatchObject({ ok: true });
  });

  it('any origin when no allowed origins are given', () => {
    expect(checkUpgrade('GET', upgradeHeaders({ origin: 'https://evil.example' }), { allowedOrigins: undefined })).toMatchObject({ ok: true });
  });
});

describe('checkUpgrade refuses', () => {
  it.each(['POST', 'HEAD', 'get'])('the method %s with 400', (method) => {
    expect(checkUpgrade(method, upgradeHeaders(), {})).toMatchObject({ ok: false, status: 400, headers: {} });
  });

  it.each([
    ['no Connection header', { connection: undefined }],
    ['a Connection header without upgrade', { connection: 'keep-alive' }],
    ['a Connection token that only contains upgrade', { connection: 'upgraded' }],
    ['no Upgrade header', { upgrade: undefined }],
    ['an Upgrade header that is not websocket', { upgrade: 'h2c' }],
    ['an Upgrade header with more than one token', { upgrade: 'websocket, h2c' }],
    ['no Sec-WebSocket-Key', { 'sec-websocket-key': undefined }],
    ['a key that is not base64', { 'sec-websocket-key': 'not a key' }],
    ['a key that is not 16 bytes', { 'sec-websocket-key': 'dGhlIHNhbXBsZQ==' }],
  ])('%s with 400', (_name, extra) => {
    const check = checkUpgrade('GET', upgradeHeaders(extra), {});
    expect(check).toMatchObject({ ok: false, status: 400, headers: {} });
    expect(check.ok ? '' : check.reason).not.toBe('');
  });

  it.each([['7', '7'], ['0 (missing, hixie-76)', undefined], ['14', '14'], ['13.0', '13.0']])(
    'version %s with 400 and the versions ws speaks',
    (_name, version) => {
      expect(checkUpgrade('GET', upgradeHeaders({ 'sec-websocket-version': version }), {})).toMatchObject({
        ok: false, status: 400, headers: { 'sec-websocket-version': '13, 8' },
      });
    },
  );

  it('an origin that is not allowed with 403', () => {
    const check = checkUpgrade('GET', upgradeHeaders({ origin: 'https://evil.example' }), { allowedOrigins: ['https://app.example'] });
    expect(check).toMatchObject({ ok: false, status: 403, headers: {} });
    expect(check.ok ? '' : check.reason).toMatch(/evil\.example/);
  });

  it('checks the method first, then the headers, then the origin', () => {
    const all = upgradeHeaders({ connection: 'close', origin: 'https://evil.example' });
    expect(checkUpgrade('POST', all, { allowedOrigins: [] })).toMatchObject({ status: 400, reason: expect.stringMatching(/method/) });
    expect(checkUpgrade('GET', all, { allowedOrigins: [] })).toMatchObject({ status: 400, reason: expect.stringMatching(/Connection/) });
  });
});

describe('acceptKey', () => {
  it('computes the RFC 6455 test vector', () => {
    expect(acceptKey(KEY)).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});

describe('switchingProtocols', () => {
  it('writes the 101 head with the accept key and ends with an empty line', () => {
    expect(switchingProtocols('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', {})).toBe(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
      + 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
    );
  });

  it('adds the extra headers in order before the empty line', () => {
    const head = switchingProtocols('abc=', { 'sec-websocket-protocol': 'chat', 'x-trace': '1' });
    expect(head.endsWith('Sec-WebSocket-Accept: abc=\r\nsec-websocket-protocol: chat\r\nx-trace: 1\r\n\r\n')).toBe(true);
  });

  it.each([
    ['a value with CR LF', { 'x-a': 'v\r\nSet-Cookie: evil=1' }],
    ['a value with a bare LF', { 'x-a': 'v\nx' }],
    ['a value with a NUL', { 'x-a': 'v\0' }],
    ['a value with non-ASCII text', { 'x-a': 'café' }],
    ['a name with CR LF', { 'x-a\r\nSet-Cookie': 'evil=1' }],
    ['a name with a colon', { 'x-a: b': 'c' }],
    ['an empty name', { '': 'c' }],
  ])('refuses %s with badOption', (_name, headers) => {
    expect(() => switchingProtocols('abc=', headers)).toThrow(expect.objectContaining({ code: 'badOption' }));
  });
});

describe('httpResponse', () => {
  it('writes the status line with its standard reason phrase, the headers, the framing and the body', () => {
    const raw = httpResponse({ status: 403, headers: { 'content-type': 'text/plain' }, body: 'no' }).toString('latin1');
    expect(raw).toBe('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno');
  });

  it('writes an empty body with Content-Length 0', () => {
    expect(httpResponse({ status: 400 }).toString()).toBe('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });

  it('counts a string body in UTF-8 bytes and copies a binary body as is', () => {
    expect(httpResponse({ status: 401, body: 'é' }).toString('utf8')).toMatch(/Content-Length: 2\r\n[^]*\r\n\r\né$/);
    const bytes = new Uint8Array([0, 255, 10]);
    const raw = httpResponse({ status: 503, body: bytes });
    expect(raw.subarray(raw.byteLength - 3)).toEqual(Buffer.from(bytes));
    expect(raw.toString('latin1')).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
  });

  it('replaces given Content-Length, Connection and Transfer-Encoding headers with its own framing', () => {
    const raw = httpResponse({
      status: 400, headers: { 'Content-Length': '99', connection: 'keep-alive', 'transfer-encoding': 'chunked' }, body: 'x',
    }).toString();
    expect(raw).toBe('HTTP/1.1 400 Bad Request\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx');
  });

  it('writes Unknown for a status without a standard phrase', () => {
    expect(httpResponse({ status: 599 }).toString()).toMatch(/^HTTP\/1\.1 599 Unknown\r\n/);
  });

  it.each([101, 99, 600, 400.5, Number.NaN])('refuses the status %s with badOption', (status) => {
    expect(() => httpResponse({ status })).toThrow(expect.objectContaining({ code: 'badOption' }));
  });

  it('refuses header injection with badOption', () => {
    let thrown: unknown;
    try {
      httpResponse({ status: 302, headers: { location: '/login\r\n\r\n<script>' } });
    } catch (error) {
      thrown = error;
    }
    expect(isWebSocketError(thrown, 'badOption')).toBe(true);
    expect(() => httpResponse({ status: 403, headers: { 'x\r\ny': 'z' } })).toThrow(/invalid header name/);
  });
});
