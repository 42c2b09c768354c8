// The load-generator process: forked by the benchmark, it opens the ws clients its commands ask for and reports over IPC.
import type WebSocket from 'ws';
import { echoLoop } from './echo-loop.js';
import { isGeneratorCommand, type GeneratorCommand, type GeneratorReport } from './generator-protocol.js';
import { closeClients, openClients, terminateClients } from './ws-clients.js';

/** The generator's state: the connections held open by `hold` until `release`. */
class LoadGenerator {
  private held: WebSocket[] = [];

  async perform(cmd: GeneratorCommand): Promise<GeneratorReport> {
    switch (cmd.type) {
      case 'echo': {
        const clients = await openClients(cmd.url, cmd.clients);
        try {
          return await echoLoop(clients, cmd, (edge) => report({ type: 'window', edge }));
        } finally {
          await closeClients(clients);
        }
      }
      case 'hold':
        await this.release();
        this.held = await openClients(cmd.url, cmd.count);
        return { type: 'held', count: this.held.length };
      case 'release':
        await this.release();
        return { type: 'released' };
      default: {
        const never: never = cmd;
        throw new Error(`unknown command ${String(never)}`);
      }
    }
  }

  async release(): Promise<void> {
    const held = this.held;
    this.held = [];
    await closeClients(held);
  }

  terminate(): void {
    terminateClients(this.held);
    this.held = [];
  }
}

function report(msg: GeneratorReport): void {
  process.send?.(msg);
}

function main(): void {
  if (process.send === undefined) throw new Error('the load generator runs as a forked process (child_process.fork)');
  const generator = new LoadGenerator();
  process.on('message', (msg: unknown) => {
    if (!isGeneratorCommand(msg)) {
      report({ type: 'failed', message: `not a generator command: ${JSON.stringify(msg)}` });
      return;
    }
    generator.perform(msg).then(report, (error: unknown) => {
      report({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    });
  });
  // The benchmark is done (or gone): drop every connection and exit.
  process.on('disconnect', () => {
    generator.terminate();
    process.exit(0);
  });
}

main();
