/** A case worker that polls only while `body` runs: a worker away, as under a backlog or a restart. */
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { CallerCaseView } from '../../workflows/domain';
import type { Acting } from '../../workflows/messages';
import { rmSync } from 'node:fs';
import { testActivities } from './activities';
import { testDataConverter, workflowBundle } from './temporal';
import type { ServerSuite } from './workflow-harness';

/**
 * Runs `body` with a case worker polling `taskQueue` on the suite's server, and stops it after. `cache: false`
 * runs it without a workflow cache: the time-skipping test server keeps a stopped worker's sticky queue, so a
 * worker that comes back later would never get the case's next task.
 */
export async function lateWorker<T>(
  suite: ServerSuite,
  taskQueue: string,
  body: () => Promise<T>,
  options: { cache?: boolean } = {},
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
      ...(options.cache === false ? { maxCachedWorkflows: 0 } : {}),
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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends actions to a case no worker polls, each stamped after the one before (100 ms apart); `outcomes` holds
 * what became of each once a worker comes (`outcomeOf`).
 */
export function sendInTurn(h: WorkflowHandle) {
  const outcomes: Promise<string>[] = [];
  const send = async <A extends Acting>(update: UpdateDefinition<CallerCaseView, [A]>, args: A) => {
    outcomes.push(
      outcomeOf(h.startUpdate(update, { args: [args], waitForStage: WorkflowUpdateStage.ACCEPTED })),
    );
    await pause(100);
  };
  return { send, outcomes };
}
