/**
 * The split deployment's worker process for the bench: `npm run start:worker` (worker/main.ts, unchanged) plus
 * the floor's worker in the same process (bench/floor.ts), so both share one process, its Temporal runtime and
 * its cores. Started with the node flags of `npm run start:worker` (bench/stack.ts).
 */
import { runWorkerProcess } from '../worker/main';
import { floorAlongside } from './floor';

runWorkerProcess(); // installs the process's runtime before it returns
void floorAlongside();
