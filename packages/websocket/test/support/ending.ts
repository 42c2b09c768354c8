// Test helper: what the wire and websocketTerminate show when a connection ends.
import type { TerminateReason } from '@corral/websocket';
import type { RawClient } from './raw-client.js';
import type { Recorder } from './recorder.js';

/** How a connection ended. */
export interface Ending {
  /** Every byte the server sent after the last one read, as hex, up to its prompt TCP close. */
  wire: string;
  reason: TerminateReason;
}

/** Waits for the server to close the connection (promptly) and for websocketTerminate. */
export async function ending<S, O>(client: RawClient, rec: Recorder<S, O>): Promise<Ending> {
  const wire = await client.restHex();
  const { reason } = await rec.terminated;
  return { wire, reason };
}
