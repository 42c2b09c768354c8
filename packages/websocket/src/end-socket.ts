// Ending a socket politely: write the last bytes, FIN, and destroy it if the peer does not close in time.
import type { Socket } from 'node:net';

/** How long a socket that was ended may wait for the peer's FIN before it is destroyed. */
export const CLOSE_GRACE_MS = 1000;

/**
 * Ends `socket` after writing `data`: FIN once the bytes are flushed, then destroy when the peer has
 * not closed its side within {@link CLOSE_GRACE_MS}. Incoming bytes are drained and dropped.
 */
export function endSocket(socket: Socket, data?: Buffer | string): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
  if (data === undefined) socket.end();
  else socket.end(data);
}
