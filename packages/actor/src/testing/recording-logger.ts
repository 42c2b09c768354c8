// A logger that keeps what it is told, for assertions.
import type { LogMeta, Logger } from '../runtime/logger.js';

/** One recorded log line. */
export interface LogEntry {
  level: 'error' | 'warn' | 'info';
  message: string;
  meta: LogMeta | undefined;
}

/** A {@link Logger} that records every entry in `entries`. */
export interface RecordingLogger extends Logger {
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
