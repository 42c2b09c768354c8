// Outbound: a server event encoded once, as the message rooms and connections pass to connection processes.
import { encodeEvent, type ServerEvent } from './protocol.js';

/**
 * An event on its way to one or many browsers. It is encoded once, when it is made, so publishing
 * it to a room of a thousand connections costs one `JSON.stringify`. A connection process that gets
 * one sends `json` as a text frame.
 */
export class Outbound {
  constructor(readonly json: string) {}

  /** An outbound message carrying `event`. */
  static of(event: ServerEvent): Outbound {
    return new Outbound(encodeEvent(event));
  }
}
