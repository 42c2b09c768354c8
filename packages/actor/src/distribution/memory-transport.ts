// An in-memory transport: several nodes of one OS process joined by a hub, with partitions for tests.
import { CorralError } from '../kernel/corral-error.js';
import type { NodeIdentity } from '../kernel/node-identity.js';
import type { Transport, TransportEvents } from './transport.js';

/**
 * Joins the nodes of one Node.js process, for tests and examples. Packets are delivered
 * asynchronously (one microtask each, so in order per sender and receiver); the controls cut links
 * the way a network or a crash would. Each hub is independent: nothing is module-level.
 */
export interface MemoryHub {
  /** A new transport on this hub, for one `createNode({ transport })`. */
  transport(): Transport;
  /** Packets between nodes `a` and `b` are lost (both ways) until {@link heal}. */
  partition(a: string, b: string): void;
  /** Packets from node `from` to node `to` are lost until {@link heal}; the other way still works (a one-way partition). */
  cut(from: string, to: string): void;
  /** Ends every partition. */
  heal(): void;
  /**
   * Node `name` loses its link to the hub, as a node loses Redis during a restart: packets it sends
   * and packets to it are lost until {@link reconnect}. Its peers still see it up until heartbeats time out.
   */
  disconnect(name: string): void;
  /** Node `name`'s link is back: packets flow again and its transport reports `resumed`. */
  reconnect(name: string): void;
  /** Cuts node `name` off, as if its OS process died: its packets and those to it are lost; the name becomes free. */
  kill(name: string): void;
  /**
   * The next `count` packets (default 1) from node `from` to node `to` are lost silently, as a network
   * loses them: no transport event says so (a broadcast counts as one packet to each node).
   */
  lose(from: string, to: string, count?: number): void;
  /** The next packet from node `from` to node `to` arrives twice. */
  duplicate(from: string, to: string): void;
  /** The next two packets from node `from` to node `to` arrive in reverse order (the first waits for the second). */
  swap(from: string, to: string): void;
  /** Delivers raw `bytes` to node `to` as if node `from` sent them (a corrupt packet, in a test). */
  inject(from: string, to: string, bytes: Uint8Array): void;
  /** How many packets were sent through the hub so far (one per receiving node; a broadcast counts once per node). */
  readonly sent: number;
  /** The names of the nodes on the hub now. */
  readonly nodes: string[];
}

/** A fault due on the next packets of one direction: lose some, send one twice, or hold one back behind the next. */
type Fault = { type: 'lose'; left: number } | { type: 'duplicate' } | { type: 'swap'; held: Uint8Array | null };

interface Member {
  name: string;
  events: TransportEvents;
  /** Stopped: sends nothing more; packets it sent before stopping are still delivered. */
  leaving: boolean;
}

/** Creates an empty {@link MemoryHub}. */
export function createMemoryHub(): MemoryHub {
  const members = new Map<string, Member>();
  const cuts = new Set<string>();
  const offline = new Set<string>();
  const faults = new Map<string, Fault>();
  let sent = 0;
  const cutKey = (from: string, to: string) => `${from}\u0000${to}`;

  /** The packets to hand over now for `packet` from `from` to `to`, after the fault due on that direction, if any. */
  function tamper(from: string, to: string, packet: Uint8Array): Uint8Array[] {
    const key = cutKey(from, to);
    const fault = faults.get(key);
    if (fault === undefined) return [packet];
    switch (fault.type) {
      case 'lose':
        if (--fault.left === 0) faults.delete(key);
        return [];
      case 'duplicate':
        faults.delete(key);
        return [packet, packet.slice()];
      case 'swap':
        if (fault.held === null) {
          fault.held = packet;
          return [];
        }
        faults.delete(key);
        return [packet, fault.held];
      default: {
        const never: never = fault;
        throw new Error(`unknown fault ${String(never)}`);
      }
    }
  }

  function deliver(from: Member, to: string, bytes: Uint8Array): void {
    if (offline.has(from.name) || offline.has(to)) return;
    sent++;
    for (const copy of tamper(from.name, to, bytes.slice())) {
      queueMicrotask(() => {
        const target = members.get(to);
        if (members.get(from.name) !== from || target === undefined || target.leaving || offline.has(to) || cuts.has(cutKey(from.name, to))) return;
        target.events.packet(from.name, copy);
      });
    }
  }

  function transport(): Transport {
    let self: Member | null = null;
    const joined = (): Member | null => (self !== null && !self.leaving && members.get(self.name) === self ? self : null);
    return {
      start(identity: NodeIdentity, events: TransportEvents): Promise<void> {
        if (members.has(identity.name)) return Promise.reject(new Error(`a node named ${identity.name} is already on the hub`));
        self = { name: identity.name, events, leaving: false };
        members.set(identity.name, self);
        return Promise.resolve();
      },
      send(toNode, bytes) {
        const me = joined();
        if (me !== null) deliver(me, toNode, bytes);
      },
      broadcast(bytes) {
        const me = joined();
        if (me !== null) for (const name of members.keys()) if (name !== me.name) deliver(me, name, bytes);
      },
      stop() {
        const me = joined();
        if (me === null) return Promise.resolve();
        me.leaving = true;
        // After the packets already queued (a goodbye among them), like a socket closed after a flush.
        return new Promise((resolve) => queueMicrotask(() => {
          if (members.get(me.name) === me) members.delete(me.name);
          resolve();
        }));
      },
    };
  }

  return {
    transport,
    partition(a, b) {
      cuts.add(cutKey(a, b));
      cuts.add(cutKey(b, a));
    },
    cut: (from, to) => void cuts.add(cutKey(from, to)),
    heal: () => cuts.clear(),
    disconnect: (name) => void offline.add(name),
    reconnect(name) {
      if (!offline.delete(name)) return;
      const member = members.get(name);
      if (member !== undefined && !member.leaving) queueMicrotask(() => member.events.resumed?.());
    },
    kill: (name) => void members.delete(name),
    lose(from, to, count = 1) {
      if (!Number.isInteger(count) || count < 1) throw new CorralError('badOption', 'lose: count must be a positive integer');
      faults.set(cutKey(from, to), { type: 'lose', left: count });
    },
    duplicate: (from, to) => void faults.set(cutKey(from, to), { type: 'duplicate' }),
    swap: (from, to) => void faults.set(cutKey(from, to), { type: 'swap', held: null }),
    inject(from, to, bytes) {
      queueMicrotask(() => members.get(to)?.events.packet(from, bytes));
    },
    get sent() {
      return sent;
    },
    get nodes() {
      return [...members.keys()];
    },
  };
}
