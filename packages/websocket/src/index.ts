// @corral/websocket: Cowboy 1.0's WebSocket handler model on ws, every connection a Corral process.
/**
 * Cowboy 1.0's WebSocket handler model on ws: every connection is a Corral process whose handler
 * callbacks return data (frames, the next state); `listen` and `attach` serve the routes.
 *
 * @module @corral/websocket
 */
export { listen } from './listen.js';
export { attach } from './attach.js';
export {
  route, staticFiles,
  type Route, type HandlerRoute, type StaticRoute, type StaticFilesOptions, type ServerOptions, type ListenOptions, type Server,
} from './options.js';
export type { WebSocketHandler } from './handler.js';
export type { Req } from './req.js';
export {
  text, binary, ping, pong, close,
  type Frame, type InFrame, type TextFrame, type BinaryFrame, type PingFrame, type PongFrame, type CloseFrame,
} from './frame.js';
export {
  ok, reply, shutdown, upgrade, respond,
  type HttpResponse, type ResultOptions, type OkResult, type ReplyResult, type ShutdownResult, type UpgradeResult,
  type RespondResult, type InitResult, type HandlerResult, type InitDecision,
} from './result.js';
export type { TerminateReason, NormalReason, RemoteReason, ErrorReason } from './terminate-reason.js';
export { WebSocketError, WebSocketErrorCodes, isWebSocketError, type WebSocketErrorCode } from './websocket-error.js';
export { isValidCloseCode } from './close-code.js';
