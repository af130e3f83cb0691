/**
 * Test-only worker process: the real worker (worker/main.ts) whose dev edges obey the fault plan in FAULT_DIR.
 * Run as `node --import tsx test/support/fault-worker.ts` with the worker's usual environment plus FAULT_DIR.
 */
import { runWorkerProcess } from '../../worker/main';
import { FaultPlan } from './fault-plan';

const dir = process.env.FAULT_DIR;
if (!dir) {
  process.stderr.write('FAULT_DIR is not set\n');
  process.exit(1);
}
runWorkerProcess(new FaultPlan(dir).injector());
