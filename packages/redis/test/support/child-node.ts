// A Corral node in a child OS process (fixtures/cluster-node.ts, or another fixture), driven over IPC.
import { fork, type ChildProcess, type Serializable } from 'node:child_process';

import { fileURLToPath } from 'node:url';
import type { Command, Report } from '../fixtures/cluster-node.js';

const clusterNode = fileURLToPath(new URL('../fixtures/cluster-node.ts', import.meta.url));
const registerTs = new URL('./register-ts.mjs', import.meta.url).href;

/** A child process running one node, told commands `C`, reporting `R`. */
export interface Child<C, R extends { type: string }> {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the next report of type `type` (reports are queued until asked for). */
  next<T extends R['type']>(type: T): Promise<Extract<R, { type: T }>>;
  tell(command: C): void;
  /** Kills the process with `signal` (SIGKILL: a crash, no goodbye) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A child process running fixtures/cluster-node.ts. */
export type ChildNode = Child<Command, Report>;

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
  return forkChild(opts.fixture === undefined ? clusterNode : fileURLToPath(opts.fixture), opts.name, [opts.url, opts.name, opts.namespace, String(opts.heartbeatMs), String(opts.nodeTimeoutMs)]);
}

/** Runs the TypeScript `fixture` (a path) in a child process with `args`; `name` names it in errors. */
export function forkChild<C extends Serializable, R extends { type: string }>(fixture: string, name: string, args: string[]): Child<C, R> {
  const child = fork(fixture, args, {
    execArgv: ['--conditions=source', '--import', registerTs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reports: R[] = [];
  const waiting: { type: R['type']; resolve: (r: R) => void; reject: (e: Error) => void }[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (report: R) => {
    const i = waiting.findIndex((w) => w.type === report.type);
    if (i === -1) reports.push(report);
    else waiting.splice(i, 1)[0]?.resolve(report);
  });
  child.once('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${name} exited (code ${code}, signal ${signal}) before reporting ${w.type}`));
  });
  return {
    name,
    process: child,
    next<T extends R['type']>(type: T) {
      const i = reports.findIndex((r) => r.type === type);
      if (i !== -1) return Promise.resolve(reports.splice(i, 1)[0] as Extract<R, { type: T }>);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`${name} has exited`));
      return new Promise((resolve, reject) => waiting.push({ type, resolve: resolve as (r: R) => void, reject }));
    },
    tell: (command) => void child.send(command),
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

