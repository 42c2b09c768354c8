// The supervision-tree example: a counter that crashes on purpose is restarted by its supervisor, with a fresh state.
import { createRecordingLogger } from '@corral/actor/testing';
import { describe, expect, it } from 'vitest';
import { supervisionTree } from '../../examples/supervision-tree.js';

describe('the supervision-tree example', () => {
  it('restarts the crashed counter from its initial state, reports the crash, and stops the tree', async () => {
    const logger = createRecordingLogger();
    expect(await supervisionTree(logger)).toEqual([
      'count: 1',
      'count: 2',
      'crash: exit',
      'restarted: true',
      'count: 1',
      'processes left: 0',
    ]);
    expect(logger.at('error').some((e) => e.meta?.context === 'childTerminated' && e.meta.child === 'counter')).toBe(true);
  });
});
