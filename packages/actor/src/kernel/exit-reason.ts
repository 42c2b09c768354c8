// Exit reasons: the well-known atoms of Erlang plus any value (a thrown Error is its own reason).

/**
 * Why a process exited. The well-known reasons are Erlang's atoms: `'normal'` (the body returned),
 * `'shutdown'` (an orderly stop), `'kill'` (only as a signal: it cannot be trapped), `'killed'` (what
 * a process killed by `'kill'` exits with), `'noproc'` (the process did not exist), `'noconnection'`
 * (its node went away). Any other value is a reason too; a body that throws exits with what it threw.
 */
export type ExitReason = 'normal' | 'shutdown' | 'kill' | 'killed' | 'noproc' | 'noconnection' | unknown;

/** The reasons that are not failures: `'normal'`, `'shutdown'` and `{ shutdown: term }`. No crash report is logged for them. */
export function isNormalExit(reason: ExitReason): boolean {
  if (reason === 'normal' || reason === 'shutdown') return true;
  return typeof reason === 'object' && reason !== null && !(reason instanceof Error) && 'shutdown' in reason
    && Object.keys(reason).length === 1;
}

/** Renders a reason for logs: errors with their stack, other values with `String` or JSON. */
export function formatReason(reason: ExitReason): string {
  if (reason instanceof Error) return reason.stack ?? `${reason.name}: ${reason.message}`;
  if (typeof reason === 'string') return reason;
  if (typeof reason === 'object' && reason !== null) {
    try {
      return JSON.stringify(reason, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    } catch {
      return Object.prototype.toString.call(reason);
    }
  }
  return String(reason);
}
