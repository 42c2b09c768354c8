// ChatRooms: the rooms of one chat, on one pg scope that may span a cluster: entering a room (its process started on demand) and speaking in it.
import type { Logger, Pg, ProcessContext } from '@corral/actor';
import { outboundEvent } from './outbound.js';
import { said } from './protocol.js';
import { Room, roomGroup, roomProcessName } from './room.js';

/**
 * The rooms of a chat. Each room is a pg group of connection processes (in the chat's one scope,
 * which spans the cluster when the node has a transport) and, on each node with members in it, a
 * room process (kind `'room'`, registered as `room:<name>`) that announces arrivals and departures
 * to that node's members. Both operations run inside the calling connection's process, synchronously.
 */
export class ChatRooms {
  constructor(
    readonly pg: Pg,
    private readonly logger: Logger,
  ) {}

  /**
   * The calling process enters `room`: the room's process on this node is started if there is none,
   * then the caller joins the room's group. The room processes (this node's and the others') then ask
   * the caller its nickname with a `whoAreYou` message, which the caller must answer with an
   * `enter` (see room-messages.ts). Leaving is exiting: pg drops an exited process.
   */
  enter(ctx: ProcessContext, room: string): void {
    const name = roomProcessName(room);
    if (ctx.whereis(name) === undefined) ctx.spawnHandler(new Room({ pg: this.pg, logger: this.logger }, room), { name, kind: 'room' });
    this.pg.join(roomGroup(room), ctx.self);
  }

  /** Publishes what `nickname` said to everyone in `room` on every node (one packet per other node), the speaker included; returns how many got it. */
  say(room: string, nickname: string, text: string): number {
    return this.pg.publish(roomGroup(room), outboundEvent(said(nickname, text)));
  }

  /** The number of connections in `room`, on every node. */
  population(room: string): number {
    return this.pg.members(roomGroup(room)).length;
  }
}
