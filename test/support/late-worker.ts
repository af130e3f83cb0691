/** A case worker that polls only while `body` runs: a worker away, as under a backlog or a restart. */
import { Worker } from '@temporalio/worker';
import { rmSync } from 'node:fs';
import { testActivities } from './activities';
import { testDataConverter, workflowBundle } from './temporal';
import type { devServerSuite } from './workflow-harness';

/** Runs `body` with a case worker polling `taskQueue` on the suite's dev server, and stops it after. */
export async function lateWorker<T>(
  suite: ReturnType<typeof devServerSuite>,
  taskQueue: string,
  body: () => Promise<T>,
): Promise<T> {
  const { activities, dataDir } = testActivities();
  try {
    const worker = await Worker.create({
      connection: suite.env.nativeConnection,
      namespace: suite.env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(),
      dataConverter: testDataConverter,
      activities,
    });
    return await worker.runUntil(body);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** An update's failure in words: the case's own refusal (its cause) rather than the SDK's wrapper. */
const failureText = (err: Error) => (err.cause instanceof Error ? err.cause.message : err.message);

/** What became of an update sent while no worker polled: 'applied', or its failure's message. */
export const outcomeOf = (sent: Promise<{ result(): Promise<unknown> }>): Promise<string> =>
  sent.then((u) => u.result().then(() => 'applied', failureText), failureText);
