// What a supervisor is started with: its flags and its children, validated before anything is spawned.
import { CorralError } from '../kernel/corral-error.js';
import { normalizeChildSpec, type ChildSpec, type ChildSpecInput } from './child-spec.js';
import { normalizeSupervisorFlags, type SupervisorFlags, type SupervisorFlagsInput } from './supervisor-flags.js';

/** A supervisor's spec, as OTP's `init/1` returns it: flags, and the children to start in order. */
export interface SupervisorSpec {
  /** Strategy and restart intensity (OTP's defaults when omitted). */
  flags?: SupervisorFlagsInput;
  /** The children, started in this order and stopped in reverse order (none by default). */
  children?: readonly ChildSpecInput[];
}

/** A validated supervisor spec. */
export interface SupervisorConfig {
  readonly flags: SupervisorFlags;
  readonly children: readonly ChildSpec[];
}

/** Validates a supervisor spec: flags (`badOption`), child specs (`badChildSpec`) and unique ids (`duplicateChild`). */
export function normalizeSupervisorSpec(spec: SupervisorSpec): SupervisorConfig {
  if (typeof spec !== 'object' || spec === null) throw new CorralError('badOption', 'a supervisor spec must be an object');
  const inputs = spec.children ?? [];
  if (!Array.isArray(inputs)) throw new CorralError('badChildSpec', 'children must be an array');
  const flags = normalizeSupervisorFlags(spec.flags);
  const children = inputs.map(normalizeChildSpec);
  const ids = new Set<string>();
  for (const child of children) {
    if (ids.has(child.id)) throw new CorralError('duplicateChild', child.id);
    ids.add(child.id);
  }
  return { flags, children };
}
