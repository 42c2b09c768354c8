// Outbound: a server event encoded once, as the plain-data message rooms and connections pass to connection processes.
import { encodeEvent, type ServerEvent } from './protocol.js';

/**
 * An event on its way to one or many browsers. It is encoded once, when it is made, so publishing
 * it to a room of a thousand connections costs one `JSON.stringify`. A connection process that gets
 * one sends `json` as a text frame. It is plain data with a `type` tag, not a class instance, because
 * it crosses nodes (a message arrives on another node as a plain object).
 */
export interface Outbound {
  type: 'outbound';
  json: string;
}

/** An outbound message carrying the JSON text `json`. */
export function outbound(json: string): Outbound {
  return { type: 'outbound', json };
}

/** An outbound message carrying `event`. */
export function outboundEvent(event: ServerEvent): Outbound {
  return outbound(encodeEvent(event));
}

/** True when `msg` is an {@link Outbound} (checked field by field: it may come from another node). */
export function isOutbound(msg: unknown): msg is Outbound {
  return typeof msg === 'object' && msg !== null && (msg as Outbound).type === 'outbound' && typeof (msg as Outbound).json === 'string';
}
