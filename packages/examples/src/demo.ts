// `pnpm start`: the chat with its process panel on http://localhost:8080 (PORT and HOST override) until Ctrl-C.
import { startChatServer } from './chat-server.js';

const port = Number(process.env['PORT'] ?? 8080);
const host = process.env['HOST'] ?? '127.0.0.1';
const chat = await startChatServer({ port, host });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await chat.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

console.log(`Corral chat on ${chat.url}`);
console.log('Open it in two tabs: every tab is a connection process, every room a pg group; the panel below the chat');
console.log(`is the node's observer. Rooms: ${chat.url}#lobby, ${chat.url}#any-name. Ctrl-C to stop.`);
