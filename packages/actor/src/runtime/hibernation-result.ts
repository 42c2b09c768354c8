// What a handler callback returns to hibernate: hibernate(state).

/** A handler result asking to hibernate with `state`. Build it with {@link hibernate}. */
export class Hibernation<S> {
  /** @internal Use {@link hibernate}. */
  constructor(
    /** The state to hibernate with. */
    readonly state: S,
  ) {}
}

/**
 * Returned from a {@link ProcessHandler} callback: continue with `state`, hibernated. The state
 * must be serializable (plain objects, arrays, Map, Set, Date, bigint, binaries, Pid, Ref); when it
 * is not, the process stays awake with its live state and one warning is logged.
 */
export function hibernate<S>(state: S): Hibernation<S> {
  return new Hibernation(state);
}
