// The chaos tests' verdict on hand-made records: what counts as delivered, lost with notice, and lost silently.
import { describe, expect, it } from 'vitest';
import type { ReceivedRecord, SentRecord } from '../fixtures/chaos-traffic.js';
import { tally } from './chaos-tally.js';

const sent = (id: string, count: number, end: SentRecord['end']): SentRecord => ({ id, to: 'y@t', watch: 'link', sent: count, end });
const received = (id: string, got: number, end: ReceivedRecord['end'], outOfOrder = 0): ReceivedRecord => ({ id, got, outOfOrder, end });

describe('the chaos tally', () => {
  it('counts a finished session as delivered, and one that ended with noconnection on both sides as lost with notice', () => {
    const result = tally([
      { sent: [sent('a', 10, 'fin'), sent('b', 7, 'noconnection')], received: [] },
      { sent: [], received: [received('a', 10, 'fin'), received('b', 4, 'noconnection')] },
    ]);
    expect(result).toEqual({ sessions: 2, endedWithNotice: 1, sent: 17, delivered: 14, lostWithNotice: 3, lostSilently: 0, faults: [] });
  });

  it('counts a session whose fin arrived but whose answer was lost as delivered, and one that sent nothing as no loss', () => {
    const result = tally([{ sent: [sent('a', 5, 'noconnection'), sent('b', 0, 'noconnection')], received: [received('a', 5, 'fin'), received('b', 0, 'other: normal')] }]);
    expect(result.faults).toEqual([]);
    expect(result.lostSilently).toBe(0);
    expect(result.delivered).toBe(5);
  });

  it('finds messages out of order, a noconnection the sender did not see, a receiver still open, and a receiver without a sender', () => {
    const result = tally([{
      sent: [sent('gap', 5, 'fin'), sent('oneSided', 6, 'fin'), sent('open', 3, 'noconnection')],
      received: [received('gap', 2, 'other: fin after 5, 2 in order', 3), received('oneSided', 4, 'noconnection'), received('open', 1, 'open'), received('stray', 2, 'fin')],
    }]);
    expect(result.faults).toEqual([
      'gap -> y@t (link, sent 5, delivered 2, ended fin / other: fin after 5, 2 in order): 3 out of order',
      'oneSided -> y@t (link, sent 6, delivered 4, ended fin / noconnection): not ended with noconnection on both sides',
      'open -> y@t (link, sent 3, delivered 1, ended noconnection / open): not ended with noconnection on both sides',
      'stray: received 2 without a sender\'s record',
    ]);
    expect(result.lostSilently).toBe(3 + 2 + 2);
    expect(result.lostWithNotice).toBe(0);
  });
});
