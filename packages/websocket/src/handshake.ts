// The upgrade handshake as pure functions: check the request, compute the accept key, write the raw responses.
import { createHash } from 'node:crypto';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { HttpResponse } from './result.js';
import { WebSocketError } from './websocket-error.js';

/**
 * The verdict on an upgrade request: what the 101 needs (`key`, `version`, the offered `protocols`
 * and the raw `extensions` offer), or the HTTP refusal to send (`status`, `headers`, and a `reason`
 * for logs).
 */
export type HandshakeCheck =
  | { ok: true; key: string; version: number; protocols: string[]; extensions: string | undefined }
  | { ok: false; status: number; headers: Record<string, string>; reason: string };

/** The GUID RFC 6455 appends to the client's key. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** A base64 16-byte nonce, as ws requires it. */
const KEY = /^[+/0-9A-Za-z]{22}==$/;
/** An HTTP token (RFC 9110 §5.6.2): what a header name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a header value may hold: visible ASCII, space and tab (no CR, LF, NUL or non-ASCII). */
const FIELD_VALUE = /^[\t\x20-\x7e]*$/;
/** The versions ws's Receiver and Sender speak. */
const VERSIONS = ['13', '8'];

/**
 * Checks an upgrade request the way Cowboy 1.0 does (spec §1.2), within what ws can serve: the
 * method is GET, the `Connection` tokens include `upgrade`, `Upgrade` is the one token `websocket`,
 * `Sec-WebSocket-Version` is 13 or 8 (not 7: ws does not speak it), `Sec-WebSocket-Key` is a base64
 * 16-byte nonce; each failure is a 400 (an unsupported version with `sec-websocket-version: 13, 8`).
 * With `allowedOrigins`, an `Origin` header outside the list is a 403 (a request without `Origin`,
 * which no browser sends, passes).
 */
export function checkUpgrade(
  method: string, headers: IncomingHttpHeaders, opts: { allowedOrigins?: readonly string[] | undefined },
): HandshakeCheck {
  if (method !== 'GET') return refuse(400, `the method is ${method}, not GET`);
  if (!tokens(header(headers, 'connection')).includes('upgrade')) return refuse(400, 'the Connection header has no upgrade token');
  const upgrade = tokens(header(headers, 'upgrade'));
  if (upgrade.length !== 1 || upgrade[0] !== 'websocket') return refuse(400, 'the Upgrade header is not websocket');
  const version = header(headers, 'sec-websocket-version')?.trim();
  if (version === undefined || !VERSIONS.includes(version)) {
    return refuse(400, `unsupported Sec-WebSocket-Version ${version ?? '(none)'}`, { 'sec-websocket-version': '13, 8' });
  }
  const key = header(headers, 'sec-websocket-key')?.trim();
  if (key === undefined || !KEY.test(key)) return refuse(400, 'the Sec-WebSocket-Key header is missing or not a 16-byte nonce');
  const origin = header(headers, 'origin');
  if (opts.allowedOrigins !== undefined && origin !== undefined && !opts.allowedOrigins.includes(origin)) {
    return refuse(403, `the origin ${origin} is not allowed`);
  }
  const protocols = header(headers, 'sec-websocket-protocol');
  return {
    ok: true, key, version: Number(version), extensions: header(headers, 'sec-websocket-extensions'),
    protocols: protocols === undefined ? [] : protocols.split(',').map((p) => p.trim()).filter((p) => p !== ''),
  };
}

/** The `Sec-WebSocket-Accept` value for `key`: base64(sha1(key + GUID)) (RFC 6455 §4.2.2). */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/**
 * The raw head of the 101 response: status line, `Upgrade`, `Connection`, `Sec-WebSocket-Accept`,
 * then `headers` in order, then the empty line. It is ASCII, so any encoding writes it. Throws
 * WebSocketError `badOption` for a header name that is not an HTTP token or a value with CR, LF,
 * NUL or non-ASCII characters (no response splitting).
 */
export function switchingProtocols(accept: string, headers: Record<string, string>): string {
  const lines = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`];
  return [...lines, ...headerLines(headers), '', ''].join('\r\n');
}

/** Headers httpResponse writes itself: given ones are dropped so the framing stays its own. */
const FRAMING = new Set(['content-length', 'connection', 'transfer-encoding']);

/**
 * A raw HTTP/1.1 response refusing an upgrade: status line with the standard reason phrase,
 * `response.headers` (except Content-Length, Connection and Transfer-Encoding), `Content-Length`,
 * `Connection: close`, then the body (a string is UTF-8). Throws WebSocketError `badOption` for a
 * status outside 200-599 and for header names and values as {@link switchingProtocols} does.
 */
export function httpResponse(response: HttpResponse): Buffer {
  const { status } = response;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new WebSocketError('badOption', `an HTTP response status must be an integer in 200-599, got ${String(status)}`);
  }
  const body = response.body === undefined ? Buffer.alloc(0)
    : typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : Buffer.from(response.body);
  const given = Object.entries(response.headers ?? {}).filter(([name]) => !FRAMING.has(name.toLowerCase()));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`, ...headerLines(Object.fromEntries(given)),
    `Content-Length: ${body.byteLength}`, 'Connection: close', '', '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** `name: value` lines for `headers`, refusing names and values that could split the response. */
function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => {
    if (!TOKEN.test(name)) throw new WebSocketError('badOption', `invalid header name ${JSON.stringify(name)}`);
    if (typeof value !== 'string' || !FIELD_VALUE.test(value)) {
      throw new WebSocketError('badOption', `invalid value for header ${name}: ${JSON.stringify(value)}`);
    }
    return `${name}: ${value}`;
  });
}

/** A refusal. */
function refuse(status: number, reason: string, headers: Record<string, string> = {}): HandshakeCheck {
  return { ok: false, status, headers, reason };
}

/** A header's value, repeated values joined with `,`. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The comma-separated tokens of a header value, trimmed and lower-cased. */
function tokens(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
}
