/**
 * `POST /v1/cases` answers once the case's first workflow task has run (api/temporal/case-start.ts): after the
 * start it asks the `caseReady` query, so the 201 comes after the callback timer is armed and the owner told, and
 * a burst is answered as fast as the stack takes cases. (With no worker at all the wait is bounded and the
 * answer is 201 all the same: test/api/open-unconfirmed.test.ts.)
 */
import type { temporal } from '@temporalio/proto';
import { conciergeBody, harnessSuite, openCase } from '../support/api-harness';

const h = harnessSuite();

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const history = async (caseId: string): Promise<HistoryEvent[]> =>
  (await h.env.client.workflow.getHandle(caseId).fetchHistory()).events ?? [];

test('the 201 comes once the first workflow task has run: its callback timer armed, its owner told', async () => {
  const view = await openCase(h.app, conciergeBody());
  const events = await history(view.id as string);
  const firstTaskEnd = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
  expect(firstTaskEnd).toBeGreaterThan(0);
  const afterIt = events.slice(firstTaskEnd);
  expect(afterIt.some((e) => e.timerStartedEventAttributes)).toBe(true);
  expect(afterIt.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toBe(
    true,
  );
});
