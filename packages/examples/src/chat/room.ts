// A room's process: it watches the room's pg group across the cluster and announces, by nickname, who joins and who leaves to the members on its node.
import { hibernate, isPgEvent, type Hibernation, type Logger, type Pg, type Pid, type ProcessContext, type ProcessHandler, type Ref } from '@corral/actor';
import { outboundEvent } from './outbound.js';
import { joined, left, members, present, type ServerEvent } from './protocol.js';
import { isEnter, whoAreYou, type Enter } from './room-messages.js';

/** The pg group of a room's connections. */
export function roomGroup(room: string): string {
  return `room:${room}`;
}

/** The registered name of a room's process (on each node that has members in the room). */
export function roomProcessName(room: string): string {
  return `room:${room}`;
}

/** A room's state: plain data (a Ref, Sets and a Map of pids), so the room hibernates between events. */
export interface RoomState {
  /** The room's subscription to its group (`pg.monitor`). */
  ref: Ref;
  /** The group's members on every node, as the room has seen them (the monitor's snapshot, then its events). */
  present: Set<Pid>;
  /** Nicknames by pid, from each member's {@link Enter}. A pid is announced once it is both present and named. */
  names: Map<Pid, string>;
  /**
   * Members of other nodes that were in the room before this node had any: when their nicknames
   * arrive they are added to the member list without a `joined` (they did not just join).
   */
  earlier: Set<Pid>;
}

/** What the room process needs. */
export interface RoomDeps {
  pg: Pg;
  logger: Logger;
}

/**
 * The handler of a room's process (kind `'room'`), one per node with members in the room. It
 * subscribes to the group with `pg.monitor`, so it sees every member, on this node or another; it
 * asks each one it sees join for its nickname ({@link whoAreYou}, answered with an {@link Enter}),
 * the same way wherever the member lives. Once a member is both present and named it announces the
 * change only: `joined` (or `present` for a member of another node that was there before this room
 * started), and `left` when it leaves or its node goes down, each with the member's node; a member of
 * this node gets the whole list (`members`) once, after its own `joined`. So a join costs one event
 * per member and one list, not a list per member. Announcements go to the members on this node
 * only, since every node's room makes them for its own. It hibernates after every event, and exits once no member is left on its node
 * (the next local connection to the room starts a new one).
 */
export class Room implements ProcessHandler<RoomState> {
  private readonly group: string;

  constructor(
    private readonly deps: RoomDeps,
    readonly room: string,
  ) {
    this.group = roomGroup(room);
  }

  init(ctx: ProcessContext): Hibernation<RoomState> {
    const { ref, members: now } = this.deps.pg.monitor(this.group, ctx.self);
    const state: RoomState = { ref, present: new Set(), names: new Map(), earlier: new Set(now.filter((pid) => pid.node !== ctx.self.node)) };
    this.arrived(now, state, ctx);
    return hibernate(state);
  }

  handleMessage(msg: unknown, state: RoomState, ctx: ProcessContext): Hibernation<RoomState> {
    if (isEnter(msg)) this.named(msg, state, ctx);
    else if (isPgEvent(msg, state.ref) && msg.type === 'join') this.arrived(msg.pids, state, ctx);
    else if (isPgEvent(msg, state.ref)) this.departed(msg.pids, state, ctx);
    else this.deps.logger.warn(`room ${this.room} (${ctx.self.toString()}) got an unexpected message`, { pid: ctx.self, msg });
    return hibernate(state);
  }

  /** Members joined (on any node): each is asked its nickname. */
  private arrived(pids: readonly Pid[], state: RoomState, ctx: ProcessContext): void {
    for (const pid of pids) {
      if (state.present.has(pid)) continue;
      state.present.add(pid);
      ctx.send(pid, whoAreYou(ctx.self));
    }
  }

  /**
   * A member answered: announced once to this node's members, and a member of this node then gets
   * the whole list. An answer from a pid that is not (or no longer) present is ignored.
   */
  private named(msg: Enter, state: RoomState, ctx: ProcessContext): void {
    if (!state.present.has(msg.pid) || state.names.has(msg.pid)) return;
    state.names.set(msg.pid, msg.nickname);
    const member = { nickname: msg.nickname, node: msg.pid.node };
    this.announce(state.earlier.delete(msg.pid) ? present(member) : joined(member));
    if (msg.pid.node !== ctx.self.node) return;
    const list = [...state.names].map(([pid, nickname]) => ({ nickname, node: pid.node }));
    ctx.send(msg.pid, outboundEvent(members(list)));
  }

  private departed(pids: readonly Pid[], state: RoomState, ctx: ProcessContext): void {
    for (const pid of pids) {
      const nickname = state.present.delete(pid) ? state.names.get(pid) : undefined;
      state.names.delete(pid);
      state.earlier.delete(pid);
      if (nickname !== undefined) this.announce(left({ nickname, node: pid.node }));
    }
    if (this.deps.pg.localMembers(this.group).length === 0) ctx.exit('normal');
  }

  /** Sends `event` (encoded once) to the room's members on this node. */
  private announce(event: ServerEvent): void {
    this.deps.pg.publish(this.group, outboundEvent(event), { local: true });
  }
}
