// `pnpm start`: the chat with its process panel on http://localhost:8080 (PORT, HOST, ALLOWED_ORIGINS, MAX_CONNECTIONS override) until Ctrl-C.
import { startChatServer } from './chat-server.js';

const env = process.env;
const port = Number(env['PORT'] ?? 8080);
const host = env['HOST'] ?? '127.0.0.1';
/** ALLOWED_ORIGINS=https://chat.example.com,http://10.0.0.5:8080 replaces the page's own origins. */
const allowedOrigins = env['ALLOWED_ORIGINS']?.split(',').map((o) => o.trim()).filter((o) => o !== '');
const maxConnections = env['MAX_CONNECTIONS'] === undefined ? undefined : Number(env['MAX_CONNECTIONS']);
const chat = await startChatServer({ port, host, allowedOrigins, maxConnections });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await chat.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

console.log(`Corral chat on ${chat.url} (pages from ${chat.allowedOrigins.join(', ')}; ALLOWED_ORIGINS overrides)`);
console.log('Open it in two tabs: every tab is a connection process, every room a pg group; the panel below the chat');
console.log(`is the node's observer. Rooms: ${chat.url}#lobby, ${chat.url}#any-name. Ctrl-C to stop.`);
