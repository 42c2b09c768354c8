// A logger that keeps what it is told, for assertions.
import type { LogMeta, Logger } from '../runtime/logger.js';

/** One recorded log line. */
export interface LogEntry {
  /** Which of the {@link Logger} methods was called. */
  level: 'error' | 'warn' | 'info';
  /** The message, as logged. */
  message: string;
  /** Its structured details, when there are any. */
  meta: LogMeta | undefined;
}

/** A {@link Logger} that records every entry in `entries`. */
export interface RecordingLogger extends Logger {
  /** Every entry, in the order logged. */
  readonly entries: LogEntry[];
  /** The entries of one level. */
  at(level: LogEntry['level']): LogEntry[];
}

/** Creates a {@link RecordingLogger}. */
export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (message: string, meta?: LogMeta) => {
    entries.push({ level, message, meta });
  };
  return {
    entries,
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    at: (level) => entries.filter((e) => e.level === level),
  };
}
