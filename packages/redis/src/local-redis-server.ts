// startLocalRedisServer: a redis-server child process on a free loopback port, without persistence, for development and tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { RedisTransportError } from './redis-transport-error.js';

/** Options of {@link startLocalRedisServer}. */
export interface LocalRedisServerOptions {
  /** More arguments for `redis-server`, appended to the defaults (e.g. `['--requirepass', 'secret']`). */
  args?: readonly string[];
  /** The port to listen on (default: a free one). */
  port?: number;
  /** The executable (default `'redis-server'`, looked up on the `PATH`). */
  command?: string;
  /** How long to wait for the server to accept connections, in ms (default 10,000). */
  startTimeoutMs?: number;
}

/** A redis-server child process listening on 127.0.0.1. */
export interface LocalRedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** True between a start and a stop. */
  readonly running: boolean;
  /** The OS process id while running, else `undefined`. */
  readonly pid: number | undefined;
  /** Stops the server (SIGKILL when `hard`, as a crash; SIGTERM otherwise) and waits for it to exit. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port (after {@link stop}). */
  restart(): Promise<void>;
}

/** A free TCP port on the loopback interface (free now: another program may take it before it is used). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** True when something accepts a TCP connection on 127.0.0.1:`port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once `child` accepts connections on `port`; rejects when it fails to start, exits, or takes longer than `timeoutMs`. */
async function accepting(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const failed = { error: null as Error | null };
  child.on('error', (error) => void (failed.error ??= error));
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    if (failed.error !== null) throw new RedisTransportError('localServer', `${child.spawnfile} did not start (is it installed? apt-get install redis-server)`, { cause: failed.error });
    if (child.exitCode !== null || child.signalCode !== null) throw new RedisTransportError('localServer', `it exited (${child.exitCode ?? child.signalCode}) before accepting connections on port ${port}`);
    if (await accepts(port)) return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new RedisTransportError('localServer', `it did not accept connections on port ${port} within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * Starts `redis-server` on 127.0.0.1 (a free port unless `port` is given) with persistence off
 * (`--save '' --appendonly no`), and resolves once it accepts connections. For development and
 * tests: the server is a child of this process and ends with {@link LocalRedisServer.stop}.
 * Rejects with `RedisTransportError('localServer')` when it cannot start (not installed, port taken).
 */
export async function startLocalRedisServer(opts: LocalRedisServerOptions = {}): Promise<LocalRedisServer> {
  const port = opts.port ?? (await freePort());
  const command = opts.command ?? 'redis-server';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(opts.args ?? [])];
  let child: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    // Checked first: a server already there would answer for the new one, which then exits.
    if (await accepts(port)) throw new RedisTransportError('localServer', `port ${port} is already taken`);
    const started = spawn(command, args, { stdio: 'ignore' });
    child = started;
    try {
      await accepting(started, port, opts.startTimeoutMs ?? 10_000);
    } catch (error) {
      child = null;
      throw error;
    }
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== null;
    },
    get pid() {
      return child?.pid;
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
      if (child !== null) throw new RedisTransportError('localServer', 'it is still running');
      await launch();
    },
  };
}
