// The injected logger: crash reports, warnings and unexpected messages go through it.

/** Structured details attached to a log line (the pid, the reason, ...). */
export type LogMeta = Record<string, unknown>;

/** Where a node writes crash reports and warnings. Pass your own to `createNode({ logger })`. */
export interface Logger {
  error(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
}

/** The default logger: `console.error` and `console.warn`; `info` is silent. */
export const consoleLogger: Logger = {
  error: (message) => console.error(message),
  warn: (message) => console.warn(message),
  info: () => {},
};
