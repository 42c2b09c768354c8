// Test helpers: a simulated clock, a logger that records, and runUntilIdle.
export { createSimulatedClock, type SimulatedClock } from './testing/simulated-clock.js';
export { createRecordingLogger, type RecordingLogger, type LogEntry } from './testing/recording-logger.js';
export { runUntilIdle } from './testing/run-until-idle.js';
