// The request target of an HTTP request line, split into its path and its query string.

/** `'/chat/a?x=1'` -> `{ path: '/chat/a', search: '?x=1' }`; a fragment (never sent by clients) is dropped. */
export function splitTarget(target: string): { path: string; search: string } {
  const hash = target.indexOf('#');
  const url = hash === -1 ? target : target.slice(0, hash);
  const q = url.indexOf('?');
  return q === -1 ? { path: url, search: '' } : { path: url.slice(0, q), search: url.slice(q) };
}
