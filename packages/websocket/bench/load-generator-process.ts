// The benchmark's handle on its load generator: a forked process (load-generator.js) driven by one command at a time.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  isGeneratorReport,
  type EchoCommand,
  type EchoReport,
  type GeneratorCommand,
  type GeneratorReport,
  type HeldReport,
  type WindowEdge,
} from './generator-protocol.js';

/** Slack on top of a command's own duration before the benchmark gives up on it. */
const COMMAND_TIMEOUT_MS = 120_000;
const EXIT_TIMEOUT_MS = 5_000;

interface Pending {
  resolve(report: GeneratorReport): void;
  reject(error: Error): void;
}

/** A running load generator; {@link LoadGeneratorProcess.stop} ends it (it also exits when this process does). */
export class LoadGeneratorProcess {
  private pending: Pending | undefined;
  private onWindow: ((edge: WindowEdge) => void) | undefined;
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: unknown) => this.settle(msg));
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        this.pending?.reject(new Error(`load generator exited (${signal ?? `code ${code}`})`));
        this.pending = undefined;
        resolve();
      });
    });
  }

  /** Forks the compiled generator beside this module, without this process's flags (no --expose-gc, no --cpu-prof). */
  static start(): LoadGeneratorProcess {
    const script = fileURLToPath(new URL('./load-generator.js', import.meta.url));
    return new LoadGeneratorProcess(fork(script, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  /** Runs one echo loop (connections opened and closed by the generator); `onWindow` is called as its measured window opens and closes. */
  async echo(cmd: Omit<EchoCommand, 'type'>, onWindow: (edge: WindowEdge) => void): Promise<EchoReport> {
    this.onWindow = onWindow;
    try {
      return expect(await this.request({ type: 'echo', ...cmd }, cmd.warmupMs + cmd.durationMs + COMMAND_TIMEOUT_MS), 'echoed');
    } finally {
      this.onWindow = undefined;
    }
  }

  /** Opens `count` idle connections to `url` and keeps them open until {@link release}. */
  async hold(url: string, count: number): Promise<HeldReport> {
    return expect(await this.request({ type: 'hold', url, count }, COMMAND_TIMEOUT_MS), 'held');
  }

  async release(): Promise<void> {
    expect(await this.request({ type: 'release' }, COMMAND_TIMEOUT_MS), 'released');
  }

  /** Disconnects (the generator drops its connections and exits); kills it if it has not exited in time. */
  async stop(): Promise<void> {
    if (this.exited) return;
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    await this.exit;
    clearTimeout(timer);
  }

  private request(cmd: GeneratorCommand, timeoutMs: number): Promise<GeneratorReport> {
    if (this.pending !== undefined) return Promise.reject(new Error('load generator is busy'));
    if (this.exited) return Promise.reject(new Error('load generator has exited'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new Error(`load generator did not answer ${cmd.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = {
        resolve: (report) => { clearTimeout(timer); resolve(report); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      };
      this.child.send(cmd);
    });
  }

  private settle(msg: unknown): void {
    if (isGeneratorReport(msg) && msg.type === 'window') {
      this.onWindow?.(msg.edge);
      return;
    }
    const pending = this.pending;
    this.pending = undefined;
    if (pending === undefined) throw new Error(`unexpected message from the load generator: ${JSON.stringify(msg)}`);
    if (!isGeneratorReport(msg)) pending.reject(new Error(`not a generator report: ${JSON.stringify(msg)}`));
    else if (msg.type === 'failed') pending.reject(new Error(`load generator: ${msg.message}`));
    else pending.resolve(msg);
  }
}

function expect<T extends GeneratorReport['type']>(report: GeneratorReport, type: T): Extract<GeneratorReport, { type: T }> {
  if (report.type !== type) throw new Error(`load generator answered ${report.type}, expected ${type}`);
  return report as Extract<GeneratorReport, { type: T }>;
}
