// Test helpers: a simulated clock, a logger that records, runUntilIdle and an in-memory cluster hub.
/**
 * Test helpers, so tests never sleep: a simulated clock, a logger that records, `runUntilIdle`, and
 * an in-memory hub joining several nodes of one process (`createMemoryHub`).
 *
 * @module @corral/actor/testing
 */
export { createSimulatedClock, type SimulatedClock } from './testing/simulated-clock.js';
export { createRecordingLogger, type RecordingLogger, type LogEntry } from './testing/recording-logger.js';
export { runUntilIdle } from './testing/run-until-idle.js';
export { createMemoryHub, type MemoryHub } from './distribution/memory-transport.js';
