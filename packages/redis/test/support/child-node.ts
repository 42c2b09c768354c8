// A Corral node in a child OS process (fixtures/cluster-node.ts), driven over IPC.
import { fork, type ChildProcess } from 'node:child_process';

import { fileURLToPath } from 'node:url';
import type { Command, Report } from '../fixtures/cluster-node.js';

const fixture = fileURLToPath(new URL('../fixtures/cluster-node.ts', import.meta.url));
const registerTs = new URL('./register-ts.mjs', import.meta.url).href;

/** A child process running one node. */
export interface ChildNode {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the next report of type `type` (reports are queued until asked for). */
  next<T extends Report['type']>(type: T): Promise<Extract<Report, { type: T }>>;
  tell(command: Command): void;
  /** Kills the process with `signal` (SIGKILL: a crash, no goodbye) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ChildNodeOptions {
  url: string;
  name: string;
  namespace: string;
  heartbeatMs: number;
  nodeTimeoutMs: number;
  /** The program the child runs (default: fixtures/cluster-node.ts); it reports `{ type: 'up' }` once connected. */
  fixture?: URL;
}

export function forkChildNode(opts: ChildNodeOptions): ChildNode {
  const child = fork(opts.fixture === undefined ? fixture : fileURLToPath(opts.fixture), [opts.url, opts.name, opts.namespace, String(opts.heartbeatMs), String(opts.nodeTimeoutMs)], {
    execArgv: ['--conditions=source', '--import', registerTs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reports: Report[] = [];
  const waiting: { type: Report['type']; resolve: (r: Report) => void; reject: (e: Error) => void }[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (report: Report) => {
    const i = waiting.findIndex((w) => w.type === report.type);
    if (i === -1) reports.push(report);
    else waiting.splice(i, 1)[0]?.resolve(report);
  });
  child.once('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${opts.name} exited (code ${code}, signal ${signal}) before reporting ${w.type}`));
  });
  return {
    name: opts.name,
    process: child,
    next<T extends Report['type']>(type: T) {
      const i = reports.findIndex((r) => r.type === type);
      if (i !== -1) return Promise.resolve(reports.splice(i, 1)[0] as Extract<Report, { type: T }>);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`${opts.name} has exited`));
      return new Promise((resolve, reject) => waiting.push({ type, resolve: resolve as (r: Report) => void, reject }));
    },
    tell: (command) => void child.send(command),
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

