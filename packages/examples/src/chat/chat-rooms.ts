// ChatRooms: the rooms of one chat, on one pg scope: entering a room (its process started on demand) and speaking in it.
import type { Logger, Pg, ProcessContext } from '@corral/actor';
import { Outbound } from './outbound.js';
import { said } from './protocol.js';
import { Enter, Room, roomGroup, roomProcessName } from './room.js';

/**
 * The rooms of a chat. Each room is a pg group of connection processes (in the chat's one scope)
 * and a room process (kind `'room'`, registered as `room:<name>`) that announces arrivals and
 * departures. Both operations run inside the calling connection's process, synchronously.
 */
export class ChatRooms {
  constructor(
    readonly pg: Pg,
    private readonly logger: Logger,
  ) {}

  /**
   * The calling process enters `room` as `nickname`: the room's process is started if there is none,
   * told the nickname, then the caller joins the room's group (in that order, so the room always
   * knows the name by the time it sees the join). Leaving is exiting: pg drops an exited process.
   */
  enter(ctx: ProcessContext, room: string, nickname: string): void {
    const name = roomProcessName(room);
    const pid = ctx.whereis(name) ?? ctx.spawnHandler(new Room({ pg: this.pg, logger: this.logger }, room), { name, kind: 'room' });
    ctx.send(pid, new Enter(ctx.self, nickname));
    this.pg.join(roomGroup(room), ctx.self);
  }

  /** Publishes what `nickname` said to everyone in `room`, the speaker included; returns how many got it. */
  say(room: string, nickname: string, text: string): number {
    return this.pg.publish(roomGroup(room), Outbound.of(said(nickname, text)));
  }

  /** The number of connections in `room`. */
  population(room: string): number {
    return this.pg.members(roomGroup(room)).length;
  }
}
