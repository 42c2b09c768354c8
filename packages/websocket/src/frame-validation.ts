// Checks a frame a handler returned before it reaches the wire.
import { isValidCloseCode } from './close-code.js';

/** The largest payload of a control frame (RFC 6455 §5.5). */
const MAX_CONTROL_PAYLOAD = 125;
/** The largest close reason: a control payload less the 2-byte code. */
const MAX_CLOSE_REASON = MAX_CONTROL_PAYLOAD - 2;

/**
 * `null` when `frame` is a valid outgoing `Frame` (see frame.ts), otherwise a message saying what is wrong:
 * text needs string data; binary, ping and pong need Uint8Array data (at most 125 bytes for ping
 * and pong); close has no code, or a valid close code (see {@link isValidCloseCode}) with an
 * optional string reason of at most 123 UTF-8 bytes (a reason without a code is invalid).
 */
export function validateFrame(frame: unknown): string | null {
  if (typeof frame !== 'object' || frame === null) return `a frame must be an object, got ${describe(frame)}`;
  const { type, data } = frame as { type?: unknown; data?: unknown };
  switch (type) {
    case 'text':
      return typeof data === 'string' ? null : `a text frame needs string data, got ${describe(data)}`;
    case 'binary':
      return data instanceof Uint8Array ? null : `a binary frame needs Uint8Array data, got ${describe(data)}`;
    case 'ping':
    case 'pong':
      if (!(data instanceof Uint8Array)) return `a ${type} frame needs Uint8Array data, got ${describe(data)}`;
      return data.byteLength <= MAX_CONTROL_PAYLOAD ? null
        : `a ${type} payload is at most ${MAX_CONTROL_PAYLOAD} bytes, got ${data.byteLength}`;
    case 'close':
      return validateClose(frame as { code?: unknown; reason?: unknown });
    default:
      return `a frame type must be text, binary, ping, pong or close, got ${describe(type)}`;
  }
}

/** What is wrong with a close frame's code and reason, or null. */
function validateClose({ code, reason }: { code?: unknown; reason?: unknown }): string | null {
  if (code === undefined) return reason === undefined ? null : 'a close reason needs a close code';
  // Stryker disable next-line ConditionalExpression: equivalent, isValidCloseCode refuses a non-number too (Number.isInteger); the test is for the type
  if (typeof code !== 'number' || !isValidCloseCode(code)) {
    return `a close code must be 1000-1003, 1007-1011 or 3000-4999, got ${describe(code)}`;
  }
  if (reason === undefined) return null;
  if (typeof reason !== 'string') return `a close reason must be a string, got ${describe(reason)}`;
  const bytes = Buffer.byteLength(reason, 'utf8');
  return bytes <= MAX_CLOSE_REASON ? null : `a close reason is at most ${MAX_CLOSE_REASON} UTF-8 bytes, got ${bytes}`;
}

/** A short description of a value for a message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

/** True for something shaped like a close frame (the first one ends a reply). */
function isCloseLike(frame: unknown): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, validateReply asks only about frames validateFrame accepted (objects)
  return typeof frame === 'object' && frame !== null && (frame as { type?: unknown }).type === 'close';
}

/**
 * How many of a reply's `frames` are sent: those up to and including the first close frame (the
 * rest are ignored); or, when one of those is not a valid frame, a message saying what is wrong.
 */
export function validateReply(frames: readonly unknown[]): number | string {
  let count = frames.length;
  for (let i = 0; i < count; i++) {
    const frame = frames[i];
    const problem = validateFrame(frame);
    if (problem !== null) return problem;
    if (isCloseLike(frame)) count = i + 1;
  }
  return count;
}
