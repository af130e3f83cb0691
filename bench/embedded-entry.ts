/**
 * The embedded deployment for the bench: `npm start` (platform/launcher.ts: dev server, worker and API in one
 * process, unchanged) plus the floor's worker in the same process (bench/floor.ts). Started with the node flags
 * of `npm start` (bench/stack.ts).
 */
import { launch } from '../platform/launcher';
import { startFloorWorker } from './floor';

const finished = launch(); // validates and installs the process's runtime before its first await
const floor = startFloorWorker();
const stop = () => void floor.then((f) => f?.stop());
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('SIGUSR2', stop); // the bench is done with the floor
floor.catch((err: unknown) => {
  process.stderr.write(`The floor worker failed: ${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
finished.then(
  async (code) => {
    await floor.then((f) => f?.stop()).catch(() => undefined);
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`Start-up failed: ${String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  },
);
