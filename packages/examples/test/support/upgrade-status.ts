// Test helper: opens a WebSocket with a given Origin and tells whether it opened or which HTTP status refused it.
import WebSocket from 'ws';

/** Opens a WebSocket to `path` with `origin` (none when undefined): `'open'` (then closed at once), or the HTTP status that refused it. */
export function upgradeWith(port: number, path: string, origin: string | undefined): Promise<number | 'open'> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, origin === undefined ? {} : { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}
