// Test helper: the member list a page holds after the events it got, built the way the page builds it.

/** A member as the events name it. */
export interface ListedMember {
  nickname: string;
  node: string;
}

/**
 * Folds `events` as the page does: a `members` event replaces the list, `joined` and `present` add
 * their member, `left` removes one entry of its member; other events are skipped. Sorted by
 * nickname, then node.
 */
export function memberList(events: ReadonlyArray<Record<string, unknown>>): ListedMember[] {
  let list: ListedMember[] = [];
  for (const event of events) {
    const member = { nickname: String(event['nickname']), node: String(event['node']) };
    if (event['type'] === 'members') list = [...(event['members'] as ListedMember[])];
    else if (event['type'] === 'joined' || event['type'] === 'present') list.push(member);
    else if (event['type'] === 'left') {
      const at = list.findIndex((m) => m.nickname === member.nickname && m.node === member.node);
      if (at !== -1) list.splice(at, 1);
    }
  }
  return list.sort((a, b) => a.nickname.localeCompare(b.nickname) || a.node.localeCompare(b.node));
}

/** The events of `type` among `events`. */
export function ofType(events: ReadonlyArray<Record<string, unknown>>, type: string): Array<Record<string, unknown>> {
  return events.filter((e) => e['type'] === type);
}

/** What {@link untilListed} watches: a client's events so far, and its socket's next message. */
export interface ListeningClient {
  readonly seen: ReadonlyArray<Record<string, unknown>>;
  readonly socket: { once(event: 'message', listener: () => void): unknown; off(event: 'message', listener: () => void): unknown };
}

/**
 * Resolves with the member list `client`'s page holds (see {@link memberList}) once its nicknames
 * are exactly `nicknames` (sorted); rejects after `timeoutMs` with the list it holds then.
 */
export async function untilListed(client: ListeningClient, nicknames: readonly string[], timeoutMs: number): Promise<ListedMember[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = memberList(client.seen);
    if (list.map((m) => m.nickname).join() === nicknames.join()) return list;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no list of ${nicknames.join()} within ${timeoutMs} ms; the list is ${JSON.stringify(list)}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, left);
      function done(): void {
        clearTimeout(timer);
        client.socket.off('message', done);
        resolve();
      }
      client.socket.once('message', done);
    });
  }
}
