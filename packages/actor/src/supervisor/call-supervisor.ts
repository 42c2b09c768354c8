// The client side of the supervisor protocol: a GenServer call that rejects with the supervisor's error.
import { call } from '../gen-server/call.js';
import type { ServerRef } from '../gen-server/server-ref.js';
import type { DynamicRequest, SupervisorReply, SupervisorRequest } from './supervisor-messages.js';

/**
 * Calls a supervisor with no timeout (supervisor calls wait as long as a child's start or shutdown
 * takes, as in OTP) and resolves with its value, or rejects with the {@link CorralError} it answered
 * (or `noproc`/`exit` from the call itself).
 */
export async function callSupervisor<T>(dest: ServerRef, request: SupervisorRequest | DynamicRequest): Promise<T> {
  const reply = (await call(dest, request, Infinity)) as SupervisorReply<T>;
  if (reply.type === 'error') throw reply.error;
  return reply.value;
}
