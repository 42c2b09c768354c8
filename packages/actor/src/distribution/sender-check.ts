// Whether a packet speaks only for the node it came from: its senders are that node's pids, its targets this node's.
import type { NodeIdentity } from '../kernel/node-identity.js';
import type { Pid } from '../kernel/pid.js';
import type { ConnectionPacket } from './wire.js';

/**
 * Null when `packet`, from incarnation `from`, names only pids it may: a sender (`from` of a link,
 * unlink, exit, monitor or demonitor, of a monitor or demonitor of a name; the exited process of a
 * DOWN) must live on `from`, and a target (`to`) on `self`. Otherwise why not: the packet is refused, as no node may act for another.
 * Pids inside a message are data and are not checked (Erlang messages carry any pids).
 */
export function checkSenders(packet: ConnectionPacket, from: NodeIdentity, self: NodeIdentity): string | null {
  switch (packet.type) {
    case 'send':
      return local(packet.to, self);
    case 'sendNamed':
    case 'service':
      return null;
    case 'link':
    case 'unlink':
    case 'exit':
    case 'monitor':
    case 'demonitor':
    case 'down':
      return remote(packet.from, from) ?? local(packet.to, self);
    case 'monitorName':
    case 'demonitorName':
      return remote(packet.from, from);
    case 'downName':
      return local(packet.to, self);
    default: {
      const never: never = packet;
      return `unknown packet ${String(never)}`;
    }
  }
}

function local(pid: Pid, self: NodeIdentity): string | null {
  return pid.home === self ? null : `a target ${pid.toString()} that is not of this node`;
}

function remote(pid: Pid, from: NodeIdentity): string | null {
  return pid.home === from ? null : `a sender ${pid.toString()} that is not of the sending node`;
}
