// Test helpers: a simulated clock, a logger that records, and runUntilIdle.
/**
 * Test helpers, so tests never sleep: a simulated clock, a logger that records, and `runUntilIdle`.
 *
 * @module @corral/actor/testing
 */
export { createSimulatedClock, type SimulatedClock } from './testing/simulated-clock.js';
export { createRecordingLogger, type RecordingLogger, type LogEntry } from './testing/recording-logger.js';
export { runUntilIdle } from './testing/run-until-idle.js';
