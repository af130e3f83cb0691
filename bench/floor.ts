/**
 * The floor (bench/floor-workflow.ts): its bundle, its worker (started inside the measured stack's worker
 * process by bench/worker-entry.ts and bench/embedded-entry.ts, with the case worker's own tuning). One bare
 * opening, as a Temporal user makes it: bench/floor-open.ts.
 */
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config/env';
import { connectionOptions } from '../config/temporal-connection';
import { workerSettings } from '../worker/settings';
import { FLOOR_TASK_QUEUE } from './floor-open';

/** What the process prints once the floor's worker has shut down (the bench waits for it). */
export const FLOOR_STOPPED = 'The floor worker stopped';

/** The environment variable naming the floor's prebuilt bundle for the entries. */
export const FLOOR_BUNDLE_ENV = 'BENCH_FLOOR_BUNDLE';

export async function buildFloorBundle(out: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, 'floor-workflow.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
  writeFileSync(out, code);
  return out;
}

export interface FloorWorker {
  stop(): Promise<void>;
}

/**
 * The floor's worker beside the process's own work (an entry of bench/stack.ts): stopped on SIGTERM, SIGINT or
 * SIGUSR2 (the bench is done with the floor), or once `processDone` aborts (the embedded launcher ended: the
 * floor must not keep its process alive, retrying a server that is gone, and hide why); its failure ends the
 * process (exit 1).
 */
export function floorAlongside(processDone?: AbortSignal): Promise<FloorWorker | undefined> {
  const done = new AbortController();
  processDone?.addEventListener('abort', () => done.abort(), { once: true });
  const floor = startFloorWorker(process.env, done.signal);
  const stop = () => {
    done.abort();
    void floor.then((f) => f?.stop()).then(() => process.stderr.write(`${FLOOR_STOPPED}\n`));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGUSR2', stop);
  floor.catch((err: unknown) => {
    process.stderr.write(`The floor worker failed: ${String((err as Error).stack ?? err)}\n`);
    process.exit(1);
  });
  return floor;
}

/**
 * Runs the floor's worker in this process, once the process's Temporal runtime is installed (the case worker's
 * start does that) and the server answers: same connection settings and the same tuning as the case worker
 * (cache, slots, pollers), its own task queue, the SDK's default data converter. No-op without a bundle, and
 * none once `cancelled` aborts before it connected.
 */
export async function startFloorWorker(
  env: NodeJS.ProcessEnv = process.env,
  cancelled?: AbortSignal,
): Promise<FloorWorker | undefined> {
  const bundle = env[FLOOR_BUNDLE_ENV];
  if (!bundle) return undefined;
  const config = loadConfig(env);
  const options = connectionOptions(config.temporal);
  // A connect under way does not stop for the signal (it may wait out a handshake): it is left to settle alone.
  const abandoned = new Promise<undefined>((resolve) => {
    if (cancelled?.aborted) resolve(undefined);
    cancelled?.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  let connection: NativeConnection | undefined;
  for (let i = 0; connection === undefined; i += 1) {
    if (cancelled?.aborted) return undefined;
    const attempt = NativeConnection.connect({ ...options, apiKey: config.temporal.apiKey });
    try {
      connection = await Promise.race([attempt, abandoned]);
    } catch (err) {
      if (i > 240) throw err;
      // The embedded dev server is still starting.
      await Promise.race([sleep(500), abandoned]);
    }
    if (cancelled?.aborted) {
      void attempt.then((c) => c.close()).catch(() => undefined);
      return undefined;
    }
  }
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: FLOOR_TASK_QUEUE,
    workflowBundle: { codePath: bundle },
    ...workerSettings({ ...config, workflowBundle: undefined }).tuning,
  });
  const running = worker.run();
  const conn = connection;
  return {
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await conn.close().catch(() => undefined);
    },
  };
}
