// A real redis-server for tests: on a free loopback port, without persistence, stopped (or restarted) on demand.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect } from 'node:net';

/** A redis-server child process on 127.0.0.1. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** True between a start and a stop. */
  readonly running: boolean;
  /** Stops the server (SIGKILL when `hard`, as a crash; SIGTERM otherwise) and waits for it to exit. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port (after {@link stop}). */
  restart(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Resolves once something accepts TCP connections on `port`; polls for at most `timeoutMs`. */
async function accepting(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} before accepting connections`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not accept connections on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Starts `redis-server` (extra arguments appended, e.g. `['--requirepass', 'secret']`) on a free loopback port. */
export async function startRedisServer(extraArgs: readonly string[] = []): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], { stdio: 'ignore' });
    child = started;
    started.on('error', () => undefined);
    await accepting(port, started);
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== null;
    },
    async stop(hard = false) {
      const running = child;
      child = null;
      if (running === null || running.exitCode !== null || running.signalCode !== null) return;
      const exited = once(running, 'exit');
      running.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
    async restart() {
      if (child !== null) throw new Error('redis-server is still running');
      await launch();
    },
  };
}
