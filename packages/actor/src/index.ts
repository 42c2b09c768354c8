// @corral/actor: Erlang processes for Node.js.
/**
 * Erlang processes for Node.js: nodes, pids, mailboxes, selective receive, links, monitors, timers
 * and hibernation, distribution across nodes, and OTP's GenServer, Supervisor, DynamicSupervisor and pg on top.
 *
 * @module @corral/actor
 */
export { Node, type LocalNodeOptions, type NodeStats } from './node/node.js';
export { createNode, type NodeOptions } from './distribution/create-node.js';
export type { Transport, TransportEvents, TransportStats } from './distribution/transport.js';
export { GLOBAL_NAME_CONFLICT } from './runtime/global-registry.js';
export { sampleProcesses, type ProcessSample } from './node/sample-processes.js';
export { Pid, isPid } from './kernel/pid.js';
export { Ref, isRef, type TimerRef } from './kernel/ref.js';
export type { NodeIdentity } from './kernel/node-identity.js';
export { isNormalExit, formatReason, type ExitReason } from './kernel/exit-reason.js';
export { CorralError, ErrorCodes, isCorralError, type ErrorCode } from './kernel/corral-error.js';
export {
  ExitMessage, DownMessage, NodeUpMessage, NodeDownMessage,
  isExitMessage, isDownMessage, isNodeUpMessage, isNodeDownMessage, type SystemMessage, type MonitoredName,
} from './kernel/system-message.js';
export { Envelope } from './kernel/envelope.js';
export {
  TIMEOUT,
  type Timeout,
  type Dest,
  type RemoteName,
  type ProcessBody,
  type ProcessContext,
  type HibernateFn,
  type ReceiveOptions,
  type SpawnOptions,
  type SpawnedMonitor,
  type ProcessHandler,
} from './runtime/process-context.js';
export { hibernate, Hibernation } from './runtime/hibernation-result.js';
export { exitReasonOf } from './runtime/control-flow.js';
export type { ProcessInfo, ProcessStatus } from './runtime/process-info.js';
export { realClock, type Clock, type TimerHandle } from './runtime/clock.js';
export { consoleLogger, type Logger, type LogMeta } from './runtime/logger.js';
export { GenServer, type StartOptions } from './gen-server/gen-server.js';
export type { GenServerImpl } from './gen-server/gen-server-impl.js';
export type { From } from './gen-server/messages.js';
export type { ServerPid, ServerRef, ServerName, GlobalServerName } from './gen-server/server-ref.js';
export {
  ok, reply, noreply, stop, ignore,
  type ResultOptions, type InitResult, type CallResult, type InfoResult,
  type OkResult, type ReplyResult, type NoreplyResult, type StopResult, type IgnoreResult,
} from './gen-server/result.js';
export { startPg, type PgOptions } from './pg/start-pg.js';
export { whereisPg } from './pg/whereis-pg.js';
export { Pg, type PublishOptions, type PgMonitor, type PgScopeMonitor } from './pg/pg.js';
export { PgEvent, isPgEvent } from './pg/pg-event.js';
export { Supervisor } from './supervisor/supervisor.js';
export { DynamicSupervisor } from './supervisor/dynamic-supervisor.js';
export type { SupervisorStartOptions } from './supervisor/launch-supervisor.js';
export type { SupervisorSpec } from './supervisor/supervisor-spec.js';
export type { Strategy, SupervisorFlagsInput } from './supervisor/supervisor-flags.js';
export type { ChildSpecInput, StartFn, RestartType, Shutdown, ChildType } from './supervisor/child-spec.js';
export type { DynamicSupervisorSpec, DynamicChildSpecInput, DynamicSupervisorFlagsInput } from './supervisor/dynamic-supervisor-spec.js';
export type { ChildInfo, DynamicChildInfo, ChildCounts } from './supervisor/supervisor-messages.js';
