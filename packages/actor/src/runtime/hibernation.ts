// Hibernation: serialize the state, compact the mailbox; and the wake-up that reverses it.
import type { Logger } from './logger.js';
import { compactMailbox, type Mailbox } from './mailbox.js';
import type { Process } from './process.js';
import { ENCODED, HIBERNATED, INLINE, WARNED_HIBERNATE } from './process-flags.js';
import { decodeState, encodeState, type IdentityCodec } from './state-codec.js';

/** What hibernation needs from the node. */
export interface HibernationHost {
  codec: IdentityCodec;
  logger: Logger;
}

/**
 * Hibernates `p` with `state`: objects are serialized to one compact latin1 string (numbers, strings and other
 * plain primitives are kept as they are; a function or a symbol is refused like one inside an
 * object), the mailbox is replaced by a compacted copy (none when empty). When the state cannot be
 * serialized, nothing changes, one warning is logged for the process, and false is returned: the
 * caller keeps it awake with its live state.
 */
export function hibernateProcess(p: Process, state: unknown, host: HibernationHost): boolean {
  if ((typeof state === 'object' && state !== null) || typeof state === 'function' || typeof state === 'symbol') {
    const encoded = encodeState(state, host.codec);
    if (!encoded.ok) {
      if ((p.flags & WARNED_HIBERNATE) === 0) {
        p.flags |= WARNED_HIBERNATE;
        host.logger.warn(`process ${p.pid.toString()} cannot hibernate, it stays awake: ${encoded.error}`, {
          pid: p.pid,
          error: encoded.error,
        });
      }
      return false;
    }
    // A one-byte string costs 16 bytes plus its length; a Buffer of the same bytes costs about 250.
    p.state = encoded.data.toString('latin1');
    p.flags |= ENCODED;
  } else {
    p.state = state;
  }
  if ((p.flags & INLINE) === 0) p.q = compactMailbox(p.q as Mailbox | null);
  p.flags |= HIBERNATED;
  return true;
}

/** Wakes `p`: returns its state, deserialized (the caller stores it where its kind of process keeps it). */
export function wakeProcess(p: Process, host: HibernationHost): unknown {
  const encoded = (p.flags & ENCODED) !== 0;
  p.flags &= ~(HIBERNATED | ENCODED);
  const stored = p.state;
  p.state = undefined;
  return encoded ? decodeState(Buffer.from(stored as string, 'latin1'), host.codec) : stored;
}
