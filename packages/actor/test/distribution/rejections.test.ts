import { describe, expect, it } from 'vitest';
import { LOG_INTERVAL_MS, Rejections } from '../../src/distribution/rejections.js';
import { createRecordingLogger, createSimulatedClock } from '../../src/testing.js';

describe('the refusal counters', () => {
  it('counts every refusal and logs each reason at most once per interval, saying how many were refused since', () => {
    const clock = createSimulatedClock();
    const logger = createRecordingLogger();
    const rejections = new Rejections('me@test', clock, logger);
    for (let i = 0; i < 5; i++) rejections.reject('malformed', 'x@test', `bad ${i}`);
    rejections.reject('forged', 'y@test', 'a sender of z');
    clock.advance(LOG_INTERVAL_MS - 1);
    rejections.reject('malformed', 'x@test', 'bad 5');
    clock.advance(1);
    rejections.reject('malformed', 'x@test', 'bad 6');
    expect(rejections.counts).toEqual({ malformed: 7, forged: 1, unknown: 0, full: 0 });
    expect(logger.at('warn').map((e) => e.message)).toEqual([
      'node me@test: dropped a packet from x@test (malformed): bad 0',
      'node me@test: dropped a packet from y@test (forged): a sender of z',
      'node me@test: dropped a packet from x@test (malformed): bad 6 (6 refused for this reason since the last report)',
    ]);
  });
});
