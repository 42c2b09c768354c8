// The chaos tests' verdict: joins what senders and receivers saw, session by session, into counts and the sessions that break Erlang's guarantee.
import type { ReceivedRecord, SentRecord, TrafficRecords } from '../fixtures/chaos-traffic.js';

/** The counts of one scenario. */
export interface Tally {
  /** Sessions (a sender, a receiver, numbered messages from 1). */
  sessions: number;
  /** Sessions that ended with `noconnection` on both sides. */
  endedWithNotice: number;
  sent: number;
  /** Messages that arrived in order. */
  delivered: number;
  /** Messages of sessions whose both sides saw `noconnection`, sent but not delivered. */
  lostWithNotice: number;
  /** Messages lost or out of order without a `noconnection` on both sides: must be 0. */
  lostSilently: number;
  /** The sessions that break the guarantee, described. */
  faults: string[];
}

/** What is wrong with one session, if anything: a gap, a duplicate or a reordering, or an end one side did not see. */
function fault(sent: SentRecord, received: ReceivedRecord | undefined): string | null {
  const got = received?.got ?? 0;
  const what = `${sent.id} -> ${sent.to} (${sent.watch}, sent ${sent.sent}, delivered ${got}, ended ${sent.end} / ${received?.end ?? 'no receiver'})`;
  if (received !== undefined && received.outOfOrder > 0) return `${what}: ${received.outOfOrder} out of order`;
  if (got > sent.sent) return `${what}: more delivered than sent`;
  // Nothing was sent (the connection ended before the receiver was ready): nothing can be lost.
  if (sent.sent === 0) return null;
  if (received === undefined) return `${what}: sent without a receiver`;
  if (received.end === 'fin') return got === sent.sent ? null : `${what}: the fin counted more`;
  if (received.end === 'noconnection' && sent.end === 'noconnection') return null;
  return `${what}: not ended with noconnection on both sides`;
}

/** Counts the sessions of `nodes` (each node's records), and lists those that break the guarantee. */
export function tally(nodes: readonly TrafficRecords[]): Tally {
  const received = new Map<string, ReceivedRecord>();
  for (const { received: records } of nodes) for (const r of records) received.set(r.id, r);
  const result: Tally = { sessions: 0, endedWithNotice: 0, sent: 0, delivered: 0, lostWithNotice: 0, lostSilently: 0, faults: [] };
  for (const { sent: records } of nodes) {
    for (const s of records) {
      const r = received.get(s.id);
      const got = r?.got ?? 0;
      result.sessions++;
      result.sent += s.sent;
      result.delivered += got;
      const wrong = fault(s, r);
      if (wrong !== null) {
        result.faults.push(wrong);
        result.lostSilently += Math.max(s.sent - got, r?.outOfOrder ?? 0, 1);
      } else if (s.end === 'noconnection' && r?.end !== 'fin') {
        result.endedWithNotice++;
        result.lostWithNotice += s.sent - got;
      }
      received.delete(s.id);
    }
  }
  for (const r of received.values()) if (r.got > 0 || r.outOfOrder > 0) result.faults.push(`${r.id}: received ${r.got} without a sender's record`);
  return result;
}
