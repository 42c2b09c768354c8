// The IPC messages between the benchmark (which hosts the servers) and its load-generator process.

/** Open `clients` connections to `url`; each sends `payload`, waits for its echo and repeats; report after `durationMs` measured past `warmupMs`. */
export interface EchoCommand {
  type: 'echo';
  url: string;
  clients: number;
  payload: string;
  warmupMs: number;
  durationMs: number;
}
/** Open `count` connections to `url` and hold them, idle, until `release`. */
export interface HoldCommand {
  type: 'hold';
  url: string;
  count: number;
}
/** Close every held connection. */
export interface ReleaseCommand {
  type: 'release';
}
export type GeneratorCommand = EchoCommand | HoldCommand | ReleaseCommand;

/** Echoes received in the measured window, its length, and round-trip latency quantiles in microseconds. */
export interface EchoReport {
  type: 'echoed';
  messages: number;
  seconds: number;
  p50Us: number;
  p99Us: number;
}
/** Sent during an echo command as its measured window opens and closes (the final report follows). */
export interface WindowReport {
  type: 'window';
  edge: WindowEdge;
}
export type WindowEdge = 'start' | 'end';
/** `count` connections are open and idle. */
export interface HeldReport {
  type: 'held';
  count: number;
}
/** Every held connection is closed. */
export interface ReleasedReport {
  type: 'released';
}
/** The command failed; whatever it opened is closed. */
export interface FailedReport {
  type: 'failed';
  message: string;
}
export type GeneratorReport = EchoReport | WindowReport | HeldReport | ReleasedReport | FailedReport;

const commandTypes: ReadonlyArray<GeneratorCommand['type']> = ['echo', 'hold', 'release'];
const reportTypes: ReadonlyArray<GeneratorReport['type']> = ['echoed', 'window', 'held', 'released', 'failed'];

function hasType(value: unknown, types: readonly string[]): boolean {
  return typeof value === 'object' && value !== null && types.includes((value as { type?: unknown }).type as string);
}

export function isGeneratorCommand(value: unknown): value is GeneratorCommand {
  return hasType(value, commandTypes);
}

export function isGeneratorReport(value: unknown): value is GeneratorReport {
  return hasType(value, reportTypes);
}
