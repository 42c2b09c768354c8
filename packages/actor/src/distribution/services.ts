// The named services of one node (pg scopes, the global registry): who gets which service packet and node event.
import { CorralError } from '../kernel/corral-error.js';
import { formatReason } from '../kernel/exit-reason.js';
import type { DistributionService } from '../runtime/distribution.js';
import type { Logger } from '../runtime/logger.js';

/**
 * The services registered on a node, by name. A service that throws is logged and the others still
 * run: a bug in one pg scope must not stop heartbeats or the other scopes.
 */
export class Services {
  private readonly byName = new Map<string, DistributionService>();

  constructor(private readonly logger: Logger, private readonly node: string) {}

  /** Registers `service` as `name`; the returned function unregisters it (once, and only that service). */
  register(name: string, service: DistributionService): () => void {
    if (this.byName.has(name)) throw new CorralError('alreadyStarted', `service ${name} is already registered on ${this.node}`);
    this.byName.set(name, service);
    return () => {
      if (this.byName.get(name) === service) this.byName.delete(name);
    };
  }

  /** A packet for service `name` from `fromNode`; dropped when no such service runs here. */
  packet(fromNode: string, name: string, data: unknown): void {
    const service = this.byName.get(name);
    if (service !== undefined) this.guard(name, () => service.packet(fromNode, data));
  }

  /** Tells every service that `node` came up. */
  nodeUp(node: string): void {
    for (const [name, service] of [...this.byName]) this.guard(name, () => service.nodeUp(node));
  }

  /** Tells every service that `node` went down. */
  nodeDown(node: string): void {
    for (const [name, service] of [...this.byName]) this.guard(name, () => service.nodeDown(node));
  }

  private guard(name: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.logger.error(`node ${this.node}: service ${name} failed: ${formatReason(error)}`, { reason: error });
    }
  }
}
