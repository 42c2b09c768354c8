// `pnpm start`: runs the processes demo until Ctrl-C (or DEMO_SECONDS), reporting once a second.
import { describeDemo, startProcessesDemo } from './processes.js';

const seconds = Number(process.env['DEMO_SECONDS'] ?? Infinity);
const demo = await startProcessesDemo();
console.log('Corral demo: a ring of processes, a ticker, a crashing counter restarted by its parent. Ctrl-C to stop.');
let elapsed = 0;
const report = setInterval(() => {
  console.log(describeDemo(demo));
  if (++elapsed >= seconds) stop();
}, 1000);

function stop(): void {
  clearInterval(report);
  demo.node.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
