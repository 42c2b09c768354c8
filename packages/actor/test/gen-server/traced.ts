// Traced GenServers for the process tests: every call of terminate is recorded.
import { GenServer, reply, type ExitReason, type GenServerImpl, type Node, type ServerPid } from '@corral/actor';

/** What a traced server saw, in order, and what its terminate got. */
export interface Trace {
  events: unknown[];
  terminated: Array<{ reason: ExitReason; state: unknown }>;
}

export const newTrace = (): Trace => ({ events: [], terminated: [] });

/** The callbacks every traced server shares: record terminate; handleCall answers `'state'` with the state. */
export function traced<S>(trace: Trace, impl: Omit<GenServerImpl<S, void, unknown, unknown, unknown>, 'terminate'>): GenServerImpl<S, void, unknown, unknown, unknown> {
  return {
    handleCall: (req, _from, state) => reply(req === 'state' ? state : null, state),
    ...impl,
    terminate: (reason, state) => {
      trace.terminated.push({ reason, state });
    },
  };
}

/** Starts a traced server on `node`. */
export function startTraced<S>(node: Node, trace: Trace, impl: Omit<GenServerImpl<S, void, unknown, unknown, unknown>, 'terminate'>): Promise<ServerPid> {
  return GenServer.start(node, traced(trace, impl), undefined);
}
