// permessage-deflate negotiation with ws's PerMessageDeflate: an acceptable offer, or no compression.
import { extensionHeader, PerMessageDeflate, type WsPerMessageDeflate } from './ws-parts.js';

/** A negotiated permessage-deflate: the extension for Receiver and Sender, and the 101's header value. */
export interface Deflate {
  readonly extension: WsPerMessageDeflate;
  /** The `sec-websocket-extensions` value of the 101 response. */
  readonly header: string;
}

/** The name of the extension (`permessage-deflate`). */
export const DEFLATE_NAME = PerMessageDeflate.extensionName;

/**
 * Negotiates permessage-deflate from the client's `Sec-WebSocket-Extensions` offer. Every message
 * is compressed (threshold 0, as Cowboy does) and `maxFrameSize` bounds the inflated size (0: no
 * bound). Like Cowboy, and unlike ws (which answers 400), an offer that cannot be parsed or accepted
 * means no compression rather than a refused upgrade: the result is `undefined`.
 */
export function negotiateDeflate(offer: string | undefined, maxFrameSize: number): Deflate | undefined {
  if (offer === undefined) return undefined;
  const extension = new PerMessageDeflate({ isServer: true, maxPayload: maxFrameSize, threshold: 0 });
  try {
    const offers = extensionHeader.parse(offer)[DEFLATE_NAME];
    if (offers === undefined) return undefined;
    const params = extension.accept(offers);
    return { extension, header: extensionHeader.format({ [DEFLATE_NAME]: [params] }) };
  } catch {
    return undefined;
  }
}
