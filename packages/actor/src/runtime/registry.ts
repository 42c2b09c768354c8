// Registered names: unique per node, freed when their process exits.
import { CorralError } from '../kernel/corral-error.js';
import type { Process } from './process.js';

/** Erlang's local registry: one process per name, one name per process. */
export class Registry {
  private readonly names = new Map<string, Process>();

  /** Registers `p` under `name`; throws `badName`, `nameTaken` or `alreadyRegistered`. */
  register(name: string, p: Process): void {
    if (typeof name !== 'string' || name.length === 0) throw new CorralError('badName', String(name));
    const holder = this.names.get(name);
    if (holder !== undefined) throw new CorralError('nameTaken', `${name} is ${holder.pid.toString()}`);
    const current = p.ext?.name;
    if (current !== undefined) throw new CorralError('alreadyRegistered', `${p.pid.toString()} is ${current}`);
    this.names.set(name, p);
    p.extra().name = name;
  }

  /** Removes the name of `p`; false when it had none. */
  release(p: Process): boolean {
    const ext = p.ext;
    if (ext === null || ext.name === undefined) return false;
    this.names.delete(ext.name);
    ext.name = undefined;
    return true;
  }

  /** The process registered under `name`. */
  lookup(name: string): Process | undefined {
    return this.names.get(name);
  }

  /** Every registered name. */
  registered(): string[] {
    return [...this.names.keys()];
  }
}
