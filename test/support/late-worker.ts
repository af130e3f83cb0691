/** A case worker that polls only while `body` runs: a worker away, as under a backlog or a restart. */
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { CallerCaseView } from '../../workflows/domain';
import type { Acting } from '../../workflows/messages';
import { rmSync } from 'node:fs';
import { testActivities } from './activities';
import { eventually } from './eventually';
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

const { UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED: ADMITTED } =
  temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

/** Until the server holds the update `updateId` (admitted, for the next workflow task), with no worker to run it. */
export async function untilAdmitted(h: WorkflowHandle, updateId: string): Promise<void> {
  await eventually(`update ${updateId} to be admitted`, async () => {
    const { stage } = await h.client.workflowService.pollWorkflowExecutionUpdate({
      namespace: h.client.options.namespace,
      updateRef: { workflowExecution: { workflowId: h.workflowId }, updateId },
      waitPolicy: { lifecycleStage: ADMITTED },
    });
    return (stage ?? 0) >= ADMITTED;
  });
}

/**
 * Sends actions to a case no worker polls, each stamped after the one before (100 ms apart); `outcomes` holds
 * what became of each once a worker comes (`outcomeOf`); `admitted()` waits until the server holds every one, so
 * that a worker polling after it gets them all in its first task.
 */
export function sendInTurn(h: WorkflowHandle) {
  const outcomes: Promise<string>[] = [];
  const updateIds: string[] = [];
  const send = async <A extends Acting>(update: UpdateDefinition<CallerCaseView, [A]>, args: A) => {
    const updateId = `${h.workflowId}/held/${updateIds.length}`;
    updateIds.push(updateId);
    outcomes.push(
      outcomeOf(
        h.startUpdate(update, { args: [args], waitForStage: WorkflowUpdateStage.ACCEPTED, updateId }),
      ),
    );
    await pause(100);
  };
  const admitted = async () => {
    for (const id of updateIds) await untilAdmitted(h, id);
  };
  return { send, outcomes, admitted };
}

/** The updates the case's first workflow task accepted, by name, in order: those it found held. */
export async function acceptedByFirstTask(h: WorkflowHandle): Promise<string[]> {
  const events = (await h.fetchHistory()).events ?? [];
  const completed = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
  const next = events.findIndex((e, i) => i > completed && e.workflowTaskScheduledEventAttributes);
  return events
    .slice(completed, next < 0 ? undefined : next)
    .flatMap((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? []);
}
