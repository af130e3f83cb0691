/**
 * A visa case takes no refund of the trip's price once its trip case is open (linked-trip-refunds.test.ts). A
 * proposal that reaches the worker in the same workflow task as the decision deadline (the worker was away when
 * the deadline passed) is checked by its validator before the deadline is acted on, and accepted; its handler
 * then acts on the deadline first, opening the trip case, and must refuse the refund too: otherwise the trip's
 * price is refunded on both cases.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import * as m from '../../workflows/messages';
import { actors, openInput, startCase } from '../support/cases';
import { caseDetails } from '../support/case-fixtures';
import { testActivities } from '../support/activities';
import { oddPolicy } from '../support/odd-policy';
import { testDataConverter, workflowBundle } from '../support/temporal';
import { rejectionOf } from '../support/update-rejections';
import { cny, devServerSuite, quietRuntime } from '../support/workflow-harness';

const suite = devServerSuite();

test('a price refund checked before the decision deadline, applied after it, is refused on the visa case', async () => {
  quietRuntime();
  const taskQueue = `visa-refund-race-${Date.now().toString(36)}`;
  const { activities, edges } = testActivities({});
  const bundle = await workflowBundle();
  const worker = () =>
    Worker.create({
      connection: suite.env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      dataConverter: testDataConverter,
      activities,
      stickyQueueScheduleToStartTimeout: '1s',
    });
  const input = openInput({
    type: 'visa_help',
    policy: oddPolicy({ decisionBuffer: '1h' }),
    details: caseDetails('visa_help', {
      departureDate: new Date(Date.now() + 3_600_000 + 6_000).toISOString(), // the deadline: in 6 s
      trip: { bookingId: 'tour-9', merchantId: 'travel-4', price: cny(100_000) },
    }),
  });
  const h = await startCase(suite.env.client.workflow, input, taskQueue);
  const first = await worker();
  await first.runUntil(h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }));

  await new Promise((r) => setTimeout(r, 9_000)); // the deadline passes while no worker runs
  const refund = h.startUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(30_000), reason: 'the trip is off' }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  const second = await worker();
  await second.runUntil(async () => {
    const outcome = await rejectionOf(refund.then((u) => u.result()));
    expect(outcome.type).toBe('invalid_transition');
    expect(outcome.message).toContain(`refunded in its travel cancellation case ${input.id}-trip`);
    const v = await h.query(m.caseViewQuery);
    expect(v.linkedCases).toEqual([expect.objectContaining({ id: `${input.id}-trip` })]);
    expect(v.compensations).toEqual([]);
    expect(await edges.journals.payments.calls()).toEqual([]);
    await h.terminate('test over');
    await suite.env.client.workflow.getHandle(`${input.id}-trip`).terminate('test over');
  });
});
