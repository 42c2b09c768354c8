// The injected logger: crash reports, warnings and unexpected messages go through it.

/** Structured details attached to a log line (the pid, the reason, ...). */
export type LogMeta = Record<string, unknown>;

/** Where a node writes crash reports and warnings. Pass your own to `createNode({ logger })`. */
export interface Logger {
  /** A crash report: a process, a callback or a supervised child failed. */
  error(message: string, meta?: LogMeta): void;
  /** Something unexpected that did not crash anything (an unexpected message, a state kept awake). */
  warn(message: string, meta?: LogMeta): void;
  /** Information that is no problem (the console logger drops it). */
  info(message: string, meta?: LogMeta): void;
}

/** The default logger: `console.error` and `console.warn`; `info` is silent. */
export const consoleLogger: Logger = {
  error: (message) => console.error(message),
  warn: (message) => console.warn(message),
  info: () => {},
};
