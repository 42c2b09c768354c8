// System traffic that crosses nodes: a behaviour's internal message travels as an Envelope, apart from user data.

/**
 * The method through which a behaviour's internal message (a GenServer call, cast or stop) says how it
 * crosses to another node: a kind and plain data. A class instance is refused by the wire codec unless
 * it has this method.
 */
export const TO_ENVELOPE: unique symbol = Symbol('corral.toEnvelope');

/** A class whose instances cross nodes as an {@link Envelope}. */
export interface Enveloped {
  /** The envelope this message travels in. */
  [TO_ENVELOPE](): Envelope;
}

/**
 * A system message as it arrives from another node: `kind` names it (`'gen.call'`), `body` is its
 * plain data (pids and refs included). Only the codec makes one from the wire, so a user message can
 * never be mistaken for one; the behaviour that owns `kind` turns it back into its own message.
 */
export class Envelope implements Enveloped {
  /** @internal Made by behaviours and by the codec. */
  constructor(
    /** What the message is, namespaced by its behaviour (`'gen.call'`). */
    readonly kind: string,
    /** Its data. */
    readonly body: unknown,
  ) {}

  /** An envelope forwarded to another node travels as itself. */
  [TO_ENVELOPE](): Envelope {
    return this;
  }
}

/** True when `value` has a {@link TO_ENVELOPE} method. */
export function isEnveloped(value: object): value is Enveloped {
  return typeof (value as Partial<Enveloped>)[TO_ENVELOPE] === 'function';
}
