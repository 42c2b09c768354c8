// Bit flags of a process record (one small integer instead of several fields: processes must be cheap).

/** In the scheduler's run queue. */
export const SCHEDULED = 1;
/** Executing: a callback-driven process inside its handler, or an async body between receives. */
export const RUNNING = 2;
/** An async body blocked in `receive`. */
export const WAITING = 4;
/** State serialized, mailbox compacted; the next message wakes it. */
export const HIBERNATED = 8;
/** Terminating: links and monitors are being notified. */
export const EXITING = 16;
/** Gone; every context operation now unwinds the caller. */
export const DEAD = 32;
/** Exit signals arrive as EXIT messages. */
export const TRAP_EXIT = 64;
/** Driven by a {@link ProcessHandler} rather than an async body. */
export const HANDLER = 128;
/** The body or `init` has been called. */
export const STARTED = 256;
/** A hibernation warning was logged once for this process. */
export const WARNED_HIBERNATE = 512;
/** A handler process's mailbox is a single message held in `q` itself (no queue allocated yet). */
export const INLINE = 1024;
/** While hibernated, `state` holds the serialized state as a latin1 string (one byte per char, no Buffer overhead). */
export const ENCODED = 2048;
