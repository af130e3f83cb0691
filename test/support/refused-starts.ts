/** What the start-check tests share: a case closed by a supervisor, and the failure a refused start ends with. */
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import * as m from '../../workflows/messages';
import { actors } from './cases';

/**
 * The application failure the run ended with (it must have failed), having done nothing first: no timer, no
 * activity (a notification, a payment), no child, no signal; only its patch markers.
 */
export async function failureOf(h: WorkflowHandle): Promise<ApplicationFailure> {
  const err = await h.result().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const acted = ((await h.fetchHistory()).events ?? []).filter(
    (e) =>
      e.timerStartedEventAttributes ||
      e.activityTaskScheduledEventAttributes ||
      e.startChildWorkflowExecutionInitiatedEventAttributes ||
      e.signalExternalWorkflowExecutionInitiatedEventAttributes ||
      (e.markerRecordedEventAttributes && e.markerRecordedEventAttributes.markerName !== 'core_patch'),
  );
  expect(acted).toEqual([]);
  return (err as WorkflowFailedError).cause as ApplicationFailure;
}

/** Cancels the case as its supervisor and waits until its run has closed. */
export async function cancelled(h: WorkflowHandle): Promise<void> {
  await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'the member withdrew' }] });
  await h.result();
}
