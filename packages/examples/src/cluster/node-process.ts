// forkNode: a chat node of the cluster as a child OS process (cluster-node.js), with its report, its exit and its stop.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a node process tells its parent over IPC once its chat listens and it has joined Redis. */
export interface NodeReport {
  type: 'ready';
  /** The node's name. */
  node: string;
  /** The page's address. */
  url: string;
}

/** How a child process ended. */
export interface NodeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A chat node running in a child process. */
export interface NodeProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the node's report once its chat listens and it has joined Redis; rejects if the process exits first. */
  readonly ready: Promise<NodeReport>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<NodeExit>;
  /** Asks the node to stop (SIGTERM), kills it (SIGKILL) if it has not exited after `graceMs`, and resolves once it has exited. */
  stop(graceMs?: number): Promise<NodeExit>;
}

/** Options of {@link forkNode}. */
export interface ForkNodeOptions {
  /** The node's name (for messages; the node itself reads `NODE_NAME` from `env`). */
  name: string;
  /** The child's own environment variables, added to this process's (see `nodeEnv`). */
  env: Record<string, string>;
  /** Node.js options of the child (default: this process's, so a child runs the way its parent does). */
  execArgv?: string[];
}

/** The node script next to this folder: `cluster-node.js` in dist/, `cluster-node.ts` when running the sources. */
export const CLUSTER_NODE_SCRIPT = fileURLToPath(new URL(`../cluster-node${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

function isNodeReport(msg: unknown): msg is NodeReport {
  return typeof msg === 'object' && msg !== null && (msg as NodeReport).type === 'ready' && typeof (msg as NodeReport).url === 'string';
}

/** Starts the cluster node script in a child process, with stdout and stderr shared with this process. */
export function forkNode(opts: ForkNodeOptions): NodeProcess {
  const child = fork(CLUSTER_NODE_SCRIPT, [], {
    env: { ...process.env, ...opts.env },
    execArgv: opts.execArgv ?? process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<NodeExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<NodeReport>((resolve, reject) => {
    child.on('message', (msg) => {
      if (isNodeReport(msg)) resolve(msg);
    });
    void exited.then(({ code, signal }) => reject(new Error(`${opts.name} exited (${signal ?? `code ${code}`}) before it was ready`)));
  });
  ready.catch(() => undefined); // a caller that never asks is not an unhandled rejection
  return {
    name: opts.name,
    child,
    ready,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        void exited.then(() => clearTimeout(timer));
      }
      return exited;
    },
  };
}
