// The query string of an upgrade request as plain data.

/**
 * Parses a query string (with or without its leading `?`) with URLSearchParams: `+` and percent
 * escapes are decoded, a key given once maps to its value, a repeated key to the array of its
 * values in order. Every key is an own property (`__proto__` included).
 */
export function parseQuery(search: string): Record<string, string | string[]> {
  const values = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(search)) {
    const seen = values.get(key);
    if (seen === undefined) values.set(key, value);
    else if (Array.isArray(seen)) seen.push(value);
    else values.set(key, [seen, value]);
  }
  return Object.fromEntries(values) as Record<string, string | string[]>;
}
