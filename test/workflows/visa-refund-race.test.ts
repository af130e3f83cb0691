/**
 * A visa case takes no refund of the trip's price once its trip case is open (linked-trip-refunds.test.ts). A
 * proposal that reaches the worker in the same workflow task as the decision deadline (the worker was away when
 * the deadline passed) is checked by its validator before the deadline is acted on, and accepted; its handler
 * then acts on the deadline first, opening the trip case, and must refuse the refund too: otherwise the trip's
 * price is refunded on both cases.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as m from '../../workflows/messages';
import { actors, openInput, startCase } from '../support/cases';
import { caseDetails } from '../support/case-fixtures';
import { testActivities } from '../support/activities';
import { eventually } from '../support/eventually';
import { oddPolicy } from '../support/odd-policy';
import { testDataConverter, workflowBundle } from '../support/temporal';
import { rejectionOf } from '../support/update-rejections';
import { cny, devServerSuite, quietRuntime, type CaseHandle } from '../support/workflow-harness';

const suite = devServerSuite();

/** From the case's start to its decision deadline: the first worker's part (one task, the callback) fits in it. */
const WINDOW_MS = 6_000;
const { UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED: ADMITTED } =
  temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const historyOf = async (h: CaseHandle): Promise<HistoryEvent[]> => (await h.fetchHistory()).events ?? [];
const timerFired = (events: HistoryEvent[]) => events.findIndex((e) => e.timerFiredEventAttributes);

/** Until the server holds the update `updateId` (admitted, for the next workflow task), with no worker to run it. */
async function untilAdmitted(h: CaseHandle, updateId: string): Promise<void> {
  const { client } = suite.env;
  await eventually(`update ${updateId} to be admitted`, async () => {
    const { stage } = await client.workflowService.pollWorkflowExecutionUpdate({
      namespace: client.options.namespace,
      updateRef: { workflowExecution: { workflowId: h.workflowId }, updateId },
      waitPolicy: { lifecycleStage: ADMITTED },
    });
    return (stage ?? 0) >= ADMITTED;
  });
}

test('a price refund checked before the decision deadline, applied after it, is refused on the visa case', async () => {
  quietRuntime();
  const taskQueue = `visa-refund-race-${Date.now().toString(36)}`;
  const { activities, edges } = testActivities({});
  const bundle = await workflowBundle();
  const worker = (identity: string) =>
    Worker.create({
      connection: suite.env.nativeConnection,
      taskQueue,
      identity,
      workflowBundle: bundle,
      dataConverter: testDataConverter,
      activities,
      stickyQueueScheduleToStartTimeout: '1s',
    });
  const first = await worker('first worker');
  const input = openInput({
    type: 'visa_help',
    policy: oddPolicy({ decisionBuffer: '1h' }),
    details: caseDetails('visa_help', {
      departureDate: new Date(Date.now() + 3_600_000 + WINDOW_MS).toISOString(),
      trip: { bookingId: 'tour-9', merchantId: 'travel-4', price: cny(100_000) },
    }),
  });
  const h = await startCase(suite.env.client.workflow, input, taskQueue);
  await first.runUntil(h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }));
  if (timerFired(await historyOf(h)) >= 0) {
    throw new Error(`set-up: the first worker took over ${WINDOW_MS} ms, the deadline passed while it ran`);
  }

  // The deadline passes while no worker runs; the server then holds the proposal for the same workflow task.
  await eventually('the decision deadline to fire', async () => timerFired(await historyOf(h)) >= 0);
  const updateId = `refund-${input.id}`;
  const refund = h.startUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(30_000), reason: 'the trip is off' }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
    updateId,
  });
  await untilAdmitted(h, updateId);

  const second = await worker('second worker');
  await second.runUntil(async () => {
    const outcome = await rejectionOf(refund.then((u) => u.result()));
    expect(outcome.type).toBe('invalid_transition');
    expect(outcome.message).toContain(`refunded in its travel cancellation case ${input.id}-trip`);
    const v = await h.query(m.caseViewQuery);
    expect(v.linkedCases).toEqual([expect.objectContaining({ id: `${input.id}-trip` })]);
    expect(v.compensations).toEqual([]);
    expect(await edges.journals.payments.calls()).toEqual([]);

    // The history says the race happened: the task that took the deadline (the second worker's) also took the
    // proposal and accepted it (its validator passed, the deadline not yet acted on), then opened the trip case,
    // then refused the proposal.
    const events = await historyOf(h);
    const fired = timerFired(events);
    const taken = events.findIndex((e, i) => i > fired && e.workflowTaskCompletedEventAttributes);
    const started = events
      .slice(0, taken)
      .reverse()
      .find((e) => e.workflowTaskStartedEventAttributes);
    expect(started?.workflowTaskStartedEventAttributes?.identity).toBe('second worker');
    const next = events.findIndex((e, i) => i > taken && e.workflowTaskScheduledEventAttributes);
    const byThatTask = events.slice(taken + 1, next < 0 ? undefined : next);
    const accepted = byThatTask.findIndex(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId,
    );
    const tripOpened = byThatTask.findIndex(
      (e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId === `${input.id}-trip`,
    );
    const refused = byThatTask.findIndex(
      (e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId,
    );
    expect(accepted).toBeGreaterThanOrEqual(0);
    expect(tripOpened).toBeGreaterThan(accepted);
    expect(refused).toBeGreaterThan(tripOpened);
    await h.terminate('test over');
    await suite.env.client.workflow.getHandle(`${input.id}-trip`).terminate('test over');
  });
});
