// Applies one packet that arrived from another node to the local runtime.
import type { NodeIdentity } from '../kernel/node-identity.js';
import type { RemoteEndpoint } from '../runtime/remote-endpoint.js';
import type { RemoteWatches } from './remote-watches.js';
import type { ConnectionPacket } from './wire.js';

/** What applying a packet needs: the runtime's endpoint, the watch index, and a way to answer. */
export interface PacketTarget {
  readonly runtime: { readonly remote: RemoteEndpoint };
  readonly watches: RemoteWatches;
  reply(home: NodeIdentity, packet: ConnectionPacket): void;
  /** Hands `data` to the local service `name` (dropped when there is none). */
  service(fromNode: string, name: string, data: unknown): void;
}

/**
 * Performs `packet` from node `home` (an up incarnation; its senders checked by `checkSenders`). A link or monitor request for a process
 * that is not alive is answered as Erlang does: an exit signal, or a DOWN, with `'noproc'`.
 */
export function applyPacket(target: PacketTarget, home: NodeIdentity, packet: ConnectionPacket): void {
  const { remote } = target.runtime;
  switch (packet.type) {
    case 'send':
      return remote.deliver(packet.to, packet.msg);
    case 'sendNamed':
      return remote.deliverNamed(packet.name, packet.msg);
    case 'link':
      if (remote.link(packet.from, packet.to)) return target.watches.involve(home.name, packet.to);
      return target.reply(home, { type: 'exit', from: packet.to, to: packet.from, reason: 'noproc', viaLink: true });
    case 'unlink':
      return remote.unlink(packet.from, packet.to);
    case 'exit':
      return remote.exit(packet.from, packet.to, packet.reason, packet.viaLink);
    case 'monitor':
      if (remote.monitor(packet.from, packet.to, packet.ref)) return target.watches.involve(home.name, packet.to);
      return target.reply(home, { type: 'down', to: packet.from, ref: packet.ref, from: packet.to, reason: 'noproc' });
    case 'demonitor':
      return remote.demonitor(packet.to, packet.ref);
    case 'down':
      return remote.down(packet.to, packet.ref, packet.from, packet.reason);
    case 'monitorName': {
      const monitored = remote.monitorName(packet.from, packet.name, packet.ref);
      if (monitored !== null) return target.watches.involve(home.name, monitored);
      return target.reply(home, { type: 'downName', to: packet.from, ref: packet.ref, name: packet.name, reason: 'noproc' });
    }
    case 'demonitorName':
      return remote.demonitorName(packet.from, packet.name, packet.ref);
    case 'downName':
      return remote.downName(packet.to, packet.ref, { name: packet.name, node: home.name }, packet.reason);
    case 'service':
      return target.service(home.name, packet.name, packet.data);
    default: {
      const never: never = packet;
      throw new Error(`unknown packet ${String(never)}`);
    }
  }
}
