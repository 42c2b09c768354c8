// decideExit and planRestart: OTP's restart types and strategies as pure functions of the children and the exit.
import { CorralError } from '@corral/actor';
import { describe, expect, it } from 'vitest';
import type { RestartType } from '../../src/supervisor/child-spec.js';
import { decideExit, planRestart, type ChildFacts } from '../../src/supervisor/restart-strategy.js';
import type { Strategy } from '../../src/supervisor/supervisor-flags.js';

const boom = new Error('boom');

describe('decideExit', () => {
  it('restarts a permanent child whatever its reason, and reports it', () => {
    for (const reason of ['normal', 'shutdown', { shutdown: 'bye' }, 'killed', boom]) {
      expect(decideExit('permanent', reason)).toEqual({ type: 'restart', report: true });
    }
  });

  it('restarts a transient child only after an abnormal exit', () => {
    expect(decideExit('transient', boom)).toEqual({ type: 'restart', report: true });
    expect(decideExit('transient', 'killed')).toEqual({ type: 'restart', report: true });
    expect(decideExit('transient', { shutdown: 1, other: 2 })).toEqual({ type: 'restart', report: true });
  });

  it('keeps a transient child that exited normal, shutdown or { shutdown: x } as not running, without a report', () => {
    for (const reason of ['normal', 'shutdown', { shutdown: 'bye' }]) {
      expect(decideExit('transient', reason)).toEqual({ type: 'keep', report: false });
    }
  });

  it('never restarts a temporary child and forgets it, reporting only an abnormal exit', () => {
    expect(decideExit('temporary', boom)).toEqual({ type: 'remove', report: true });
    expect(decideExit('temporary', 'normal')).toEqual({ type: 'remove', report: false });
    expect(decideExit('temporary', { shutdown: 'bye' })).toEqual({ type: 'remove', report: false });
  });

  it('throws badChildSpec for a restart type it does not know (a JavaScript caller\'s typo)', () => {
    expect(() => decideExit('sometimes' as RestartType, 'normal')).toThrow(expect.objectContaining({ code: 'badChildSpec', message: expect.stringContaining('unknown restart type sometimes') }));
  });
});

/** Children a..e, all running and permanent unless a facts override says otherwise. */
function children(overrides: Record<string, Partial<ChildFacts>> = {}): ChildFacts[] {
  return ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, restart: 'permanent', running: id !== 'c', ...overrides[id] }));
}

describe('planRestart', () => {
  it('oneForOne restarts only the child that exited', () => {
    expect(planRestart('oneForOne', children(), 'c')).toEqual({ stop: [], remove: [], start: ['c'] });
  });

  it('oneForAll stops every other running child in reverse start order and starts all in start order', () => {
    expect(planRestart('oneForAll', children(), 'c')).toEqual({ stop: ['e', 'd', 'b', 'a'], remove: [], start: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('restForOne stops the children started after the one that exited and restarts it and them', () => {
    expect(planRestart('restForOne', children(), 'c')).toEqual({ stop: ['e', 'd'], remove: [], start: ['c', 'd', 'e'] });
  });

  it('restForOne on the last child restarts only that child', () => {
    expect(planRestart('restForOne', children({ e: { running: false }, c: { running: true } }), 'e')).toEqual({ stop: [], remove: [], start: ['e'] });
  });

  it('stops only running children but starts stopped ones that are not temporary, as OTP does', () => {
    const facts = children({ b: { running: false }, d: { running: false, restart: 'transient' } });
    expect(planRestart('oneForAll', facts, 'c')).toEqual({ stop: ['e', 'a'], remove: [], start: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('forgets the temporary children the strategy takes down instead of starting them again', () => {
    const facts = children({ a: { restart: 'temporary' }, d: { restart: 'temporary' } });
    expect(planRestart('oneForAll', facts, 'c')).toEqual({ stop: ['e', 'd', 'b', 'a'], remove: ['a', 'd'], start: ['b', 'c', 'e'] });
    expect(planRestart('restForOne', facts, 'c')).toEqual({ stop: ['e', 'd'], remove: ['d'], start: ['c', 'e'] });
  });

  it('never stops the child being restarted, even when its facts still say it runs', () => {
    expect(planRestart('oneForAll', children({ c: { running: true } }), 'c')).toEqual({ stop: ['e', 'd', 'b', 'a'], remove: [], start: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('starts the child being restarted whatever its restart type, and forgets none of it', () => {
    expect(planRestart('oneForOne', children({ c: { restart: 'temporary' } }), 'c')).toEqual({ stop: [], remove: [], start: ['c'] });
  });

  it('throws badOption for a strategy it does not know (a JavaScript caller\'s typo)', () => {
    expect(() => planRestart('oneForSome' as Strategy, children(), 'c')).toThrow(expect.objectContaining({ code: 'badOption', message: expect.stringContaining('unknown strategy oneForSome') }));
  });

  it('throws childNotFound for an id that is not a child', () => {
    expect(() => planRestart('oneForOne', children(), 'z')).toThrow(CorralError);
    expect(() => planRestart('oneForOne', children(), 'z')).toThrow(/no child with this id/);
  });
});
