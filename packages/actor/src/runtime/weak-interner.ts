// A weak map from keys to objects, so values that come back from serialization are the same objects.

/**
 * Remembers objects by key without keeping them alive: `intern(key, make)` returns the object last
 * remembered for `key` while it is still reachable elsewhere, else remembers a new one. Entries of
 * collected objects are removed.
 */
export class WeakInterner<K, V extends object> {
  private readonly entries = new Map<K, WeakRef<V>>();
  private readonly registry = new FinalizationRegistry<K>((key) => {
    const ref = this.entries.get(key);
    if (ref !== undefined && ref.deref() === undefined) this.entries.delete(key);
  });

  /** Remembers `value` under `key` unless a live object is remembered already. */
  remember(key: K, value: V): void {
    if (this.entries.get(key)?.deref() !== undefined) return;
    this.entries.set(key, new WeakRef(value));
    this.registry.register(value, key);
  }

  /** The live object remembered under `key`, or a new one from `make` (then remembered). */
  intern(key: K, make: () => V): V {
    const found = this.entries.get(key)?.deref();
    if (found !== undefined) return found;
    const value = make();
    this.remember(key, value);
    return value;
  }
}
