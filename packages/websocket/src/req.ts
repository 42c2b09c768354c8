// The request a handler sees: plain data about the upgrade request.
import type { IncomingHttpHeaders } from 'node:http';

/** The upgrade request, as plain data: method, path, query, headers, route bindings and peer address. */
export interface Req {
  /** The HTTP method (`'GET'`). */
  readonly method: string;
  /** The path, without the query string. */
  readonly path: string;
  /** The query string parsed; a repeated key gives an array. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Lower-cased header names, as Node.js gives them. */
  readonly headers: Readonly<IncomingHttpHeaders>;
  /** Values of the route's `:name` segments. */
  readonly bindings: Readonly<Record<string, string>>;
  /** What a `[...]` route matched (the rest of the path, without its leading slash), if it has one. */
  readonly rest: string | undefined;
  /** The client's address, as the socket sees it. */
  readonly peer: {
    /** Its IP address. */
    readonly address: string;
    /** Its port. */
    readonly port: number;
  };
}
