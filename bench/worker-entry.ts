/**
 * The split deployment's worker process for the bench: `npm run start:worker` (worker/main.ts, unchanged) plus
 * the floor's worker in the same process (bench/floor.ts), so both share one process, its Temporal runtime and
 * its cores. Started with the node flags of `npm run start:worker` (bench/stack.ts).
 */
import { runWorkerProcess } from '../worker/main';
import { startFloorWorker } from './floor';

runWorkerProcess(); // installs the process's runtime before it returns
const floor = startFloorWorker();
const stop = () => void floor.then((f) => f?.stop());
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('SIGUSR2', stop); // the bench is done with the floor
floor.catch((err: unknown) => {
  process.stderr.write(`The floor worker failed: ${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
