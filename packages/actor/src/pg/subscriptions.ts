// The subscriptions of one pg scope as data: which process watches which group (or every group) under which ref.
import type { Pid } from '../kernel/pid.js';
import type { Ref } from '../kernel/ref.js';

/** One subscription: its subscriber, and its group (`null` for the whole scope). */
export interface Subscription {
  readonly subscriber: Pid;
  readonly group: string | null;
}

const EMPTY: ReadonlyMap<Ref, Pid> = new Map();

/**
 * The monitors of a scope (Erlang's `pg:monitor` and `pg:monitor_scope`), indexed three ways: by
 * ref (demonitor), by group (whom to tell of a change) and by subscriber (drop them all when it exits).
 */
export class Subscriptions {
  private readonly byRef = new Map<Ref, Subscription>();
  private readonly byGroup = new Map<string, Map<Ref, Pid>>();
  private readonly wholeScope = new Map<Ref, Pid>();
  private readonly bySubscriber = new Map<Pid, Set<Ref>>();

  /** Records a subscription of `subscriber` to `group` (`null`: every group) under `ref`. */
  add(ref: Ref, subscriber: Pid, group: string | null): void {
    this.byRef.set(ref, { subscriber, group });
    if (group === null) this.wholeScope.set(ref, subscriber);
    else {
      let refs = this.byGroup.get(group);
      if (refs === undefined) {
        refs = new Map();
        this.byGroup.set(group, refs);
      }
      refs.set(ref, subscriber);
    }
    let own = this.bySubscriber.get(subscriber);
    if (own === undefined) {
      own = new Set();
      this.bySubscriber.set(subscriber, own);
    }
    own.add(ref);
  }

  /** Removes the subscription `ref`; returns it, or undefined when it was not active. */
  remove(ref: Ref): Subscription | undefined {
    const sub = this.byRef.get(ref);
    if (sub === undefined) return undefined;
    this.byRef.delete(ref);
    if (sub.group === null) this.wholeScope.delete(ref);
    else {
      const refs = this.byGroup.get(sub.group);
      refs?.delete(ref);
      if (refs?.size === 0) this.byGroup.delete(sub.group);
    }
    const own = this.bySubscriber.get(sub.subscriber);
    own?.delete(ref);
    if (own?.size === 0) this.bySubscriber.delete(sub.subscriber);
    return sub;
  }

  /** Removes every subscription of `subscriber` (it exited). */
  removeSubscriber(subscriber: Pid): void {
    const own = this.bySubscriber.get(subscriber);
    if (own !== undefined) for (const ref of [...own]) this.remove(ref);
  }

  /** True while `pid` holds at least one subscription. */
  has(pid: Pid): boolean {
    return this.bySubscriber.has(pid);
  }

  /** The subscriptions to `group` alone: ref -> subscriber. */
  ofGroup(group: string): ReadonlyMap<Ref, Pid> {
    return this.byGroup.get(group) ?? EMPTY;
  }

  /** The subscriptions to every group: ref -> subscriber. */
  ofScope(): ReadonlyMap<Ref, Pid> {
    return this.wholeScope;
  }

  /** Every subscriber. */
  subscribers(): IterableIterator<Pid> {
    return this.bySubscriber.keys();
  }

  /** Forgets every subscription. */
  clear(): void {
    this.byRef.clear();
    this.byGroup.clear();
    this.wholeScope.clear();
    this.bySubscriber.clear();
  }
}
