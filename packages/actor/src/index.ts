// @corral/actor: Erlang processes for Node.js.
export { createNode, Node, type NodeOptions, type NodeStats } from './node/node.js';
export { Pid, isPid } from './kernel/pid.js';
export { Ref, isRef, type TimerRef } from './kernel/ref.js';
export type { NodeIdentity } from './kernel/node-identity.js';
export { isNormalExit, formatReason, type ExitReason } from './kernel/exit-reason.js';
export { CorralError, ErrorCodes, isCorralError, type ErrorCode } from './kernel/corral-error.js';
export { ExitMessage, DownMessage, isExitMessage, isDownMessage, type SystemMessage } from './kernel/system-message.js';
export {
  TIMEOUT,
  type Timeout,
  type Dest,
  type ProcessBody,
  type ProcessContext,
  type HibernateFn,
  type ReceiveOptions,
  type SpawnOptions,
  type SpawnedMonitor,
  type ProcessHandler,
} from './runtime/process-context.js';
export { hibernate, Hibernation } from './runtime/hibernation-result.js';
export type { ProcessInfo, ProcessStatus } from './runtime/process-info.js';
export { realClock, type Clock, type TimerHandle } from './runtime/clock.js';
export { consoleLogger, type Logger, type LogMeta } from './runtime/logger.js';
