// The observer's sampler: a process that samples the node once a second while pages watch, and publishes the snapshot to them.
import {
  isPgEvent, sampleProcesses, type Node, type Pg, type Pid, type ProcessContext, type ProcessHandler, type Ref,
} from '@corral/actor';
import { outbound, type Outbound } from '../chat/outbound.js';
import { buildSnapshot } from './snapshot.js';

/** The pg group of the observer connections (in the observer's scope; on a cluster, only the members on this node watch it). */
export const OBSERVERS = 'observers';

/** The sampler's timer message. */
class Tick {}

/** What the sampler needs. */
export interface SamplerDeps {
  node: Node;
  /** The observer's pg scope: pages watching this node are the local members of {@link OBSERVERS}. */
  pg: Pg;
  /** How many processes a snapshot lists. */
  limit: number;
  /** The interval between snapshots, in ms of the node's clock. */
  everyMs: number;
}

/** The sampler's state (kept awake: `previous` has an entry per process of the node). */
interface SamplerState {
  ref: Ref;
  /** Messages handled by each process at the last sample; `null` before the first. */
  previous: Map<Pid, number> | null;
  /** When the last sample was taken (node clock). */
  at: number;
  /** The last snapshot, encoded. */
  last: Outbound | null;
  ticking: boolean;
}

/**
 * The sampler's handler (kind `'observer'`). It watches the group of observer connections: each
 * page of this node that joins gets a snapshot at once, and while the group has members on this
 * node a snapshot is taken every `everyMs` (with `sendAfter` on the node's clock) and sent to them.
 * On a cluster the group spans the nodes, and each node's sampler serves its own pages. With nobody
 * watching, it takes none: one walk of the process table per interval is the whole cost of the observer.
 */
export class Sampler implements ProcessHandler<SamplerState> {
  constructor(private readonly deps: SamplerDeps) {}

  init(ctx: ProcessContext): SamplerState {
    const { ref } = this.deps.pg.monitor(OBSERVERS, ctx.self);
    const state: SamplerState = { ref, previous: null, at: this.deps.node.clock.now(), last: null, ticking: false };
    return this.deps.pg.localMembers(OBSERVERS).length === 0 ? state : this.schedule(state, ctx);
  }

  handleMessage(msg: unknown, state: SamplerState, ctx: ProcessContext): SamplerState {
    if (msg instanceof Tick) return this.tick(state, ctx);
    if (isPgEvent(msg, state.ref)) return msg.type === 'join' ? this.greet(msg.pids.filter((pid) => this.isLocal(pid)), state, ctx) : state;
    this.deps.node.logger.warn(`observer sampler ${ctx.self.toString()} got an unexpected message`, { pid: ctx.self, msg });
    return state;
  }

  /** Pages of this node watch it; those of other nodes (the scope spans the cluster) watch theirs. */
  private isLocal(pid: Pid): boolean {
    return pid.node === this.deps.node.name;
  }

  /** New pages get the last snapshot if it is recent, else a new one; the ticks start if they were off. */
  private greet(pids: readonly Pid[], state: SamplerState, ctx: ProcessContext): SamplerState {
    if (pids.length === 0) return state;
    const recent = state.last !== null && this.deps.node.clock.now() - state.at < this.deps.everyMs;
    const [next, snapshot] = recent && state.last !== null ? [state, state.last] : this.sample(state);
    for (const pid of pids) ctx.send(pid, snapshot);
    return next.ticking ? next : this.schedule(next, ctx);
  }

  private tick(state: SamplerState, ctx: ProcessContext): SamplerState {
    if (this.deps.pg.localMembers(OBSERVERS).length === 0) return { ...state, ticking: false };
    const [next, snapshot] = this.sample(state);
    this.deps.pg.publish(OBSERVERS, snapshot, { local: true });
    return this.schedule(next, ctx);
  }

  private schedule(state: SamplerState, ctx: ProcessContext): SamplerState {
    ctx.sendAfter(this.deps.everyMs, ctx.self, new Tick());
    return { ...state, ticking: true };
  }

  /** Takes a snapshot now: the next state, and the snapshot encoded. */
  private sample(state: SamplerState): [SamplerState, Outbound] {
    const { node, limit } = this.deps;
    const now = node.clock.now();
    const { snapshot, handled } = buildSnapshot({
      node: node.name,
      samples: sampleProcesses(node),
      previous: state.previous,
      elapsedMs: now - state.at,
      limit,
      memoryOf: (pid) => node.processInfo(pid)?.memory ?? 0,
    });
    const last = outbound(JSON.stringify(snapshot));
    return [{ ...state, previous: handled, at: now, last }, last];
  }
}
