// A room's process: it watches the room's pg group and announces, by nickname, who joins and who leaves.
import { hibernate, isPgEvent, type Hibernation, type Logger, type Pg, type Pid, type ProcessContext, type ProcessHandler, type Ref } from '@corral/actor';
import { Outbound } from './outbound.js';
import { joined, left, members, type ServerEvent } from './protocol.js';

/** The pg group of a room's connections. */
export function roomGroup(room: string): string {
  return `room:${room}`;
}

/** The registered name of a room's process. */
export function roomProcessName(room: string): string {
  return `room:${room}`;
}

/** What a connection tells its room just before joining the room's group: the nickname its pid goes by. */
export class Enter {
  constructor(readonly pid: Pid, readonly nickname: string) {}
}

/** A room's state: plain data (a Ref, a Set and a Map of pids), so the room hibernates between events. */
export interface RoomState {
  /** The room's subscription to its group (`pg.monitor`). */
  ref: Ref;
  /** The group's members as the room has seen them (the monitor's snapshot, then its events). */
  present: Set<Pid>;
  /** Nicknames by pid, from {@link Enter}. A pid is announced once it is both present and named. */
  names: Map<Pid, string>;
}

/** What the room process needs. */
export interface RoomDeps {
  pg: Pg;
  logger: Logger;
}

/**
 * The handler of a room's process (kind `'room'`). Join and leave notices come from the group's
 * membership: the room subscribes with `pg.monitor` and turns each join and leave event into
 * `joined`/`left` and `members` events published to the group. It hibernates after every event,
 * and exits once the group is empty (the next connection to the room starts a new one).
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
    return hibernate({ ref, present: new Set(now), names: new Map() });
  }

  handleMessage(msg: unknown, state: RoomState, ctx: ProcessContext): Hibernation<RoomState> {
    if (msg instanceof Enter) this.enter(msg, state);
    else if (isPgEvent(msg, state.ref) && msg.type === 'join') for (const pid of msg.pids) this.arrived(pid, state);
    else if (isPgEvent(msg, state.ref)) this.departed(msg.pids, state, ctx);
    else this.deps.logger.warn(`room ${this.room} (${ctx.self.toString()}) got an unexpected message`, { pid: ctx.self, msg });
    return hibernate(state);
  }

  /** A connection gave its nickname: announced now if the room already saw it join, else on its join event. */
  private enter(msg: Enter, state: RoomState): void {
    // A connection enters, then joins the group at once: not in the group now means it has already left.
    if (!this.deps.pg.members(this.group).includes(msg.pid)) return;
    state.names.set(msg.pid, msg.nickname);
    if (state.present.has(msg.pid)) this.announce(joined(msg.nickname), state);
  }

  private arrived(pid: Pid, state: RoomState): void {
    state.present.add(pid);
    const nickname = state.names.get(pid);
    if (nickname !== undefined) this.announce(joined(nickname), state);
  }

  private departed(pids: readonly Pid[], state: RoomState, ctx: ProcessContext): void {
    for (const pid of pids) {
      const nickname = state.present.delete(pid) ? state.names.get(pid) : undefined;
      state.names.delete(pid);
      if (nickname !== undefined) this.announce(left(nickname), state);
    }
    if (this.deps.pg.members(this.group).length === 0) ctx.exit('normal');
  }

  /** Publishes `event`, then who is in the room now, to the room's group. */
  private announce(event: ServerEvent, state: RoomState): void {
    const { pg } = this.deps;
    pg.publish(this.group, Outbound.of(event));
    pg.publish(this.group, Outbound.of(members([...state.present].flatMap((pid) => state.names.get(pid) ?? []))));
  }
}
