/**
 * `POST /v1/cases` answers once the case's first workflow task has run (api/temporal/case-start.ts): the start
 * carries the `caseReady` update (Update-with-Start), so the 201 comes after the callback timer is armed and the
 * owner told, a burst is answered as fast as the stack takes cases, and the opening costs that one task. (With no
 * worker at all the answer is 201 all the same: test/api/open-unconfirmed.test.ts.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { temporal } from '@temporalio/proto';
import { conciergeBody, harnessSuite, openCase } from '../support/api-harness';

/** A pager that takes its time, as a real one does under load: the first task runs while the API waits. */
const PAGER_MS = 400;
/**
 * And an API process busy for a moment after a start returns (other requests, under load): whatever it asks
 * next reaches the case while its first task runs.
 */
const BUSY_MS = 150;
const h = harnessSuite({
  // A worker with few task slots, as under a burst: openings wait in the task queue while others run.
  workerTuning: { maxConcurrentWorkflowTaskExecutions: 2 },
  notifier: { notifyOwner: () => sleep(PAGER_MS) },
  clientInterceptors: [
    {
      async start(input, next) {
        const started = await next(input);
        await sleep(BUSY_MS);
        return started;
      },
      async startUpdateWithStart(input, next) {
        const started = await next(input);
        await sleep(BUSY_MS);
        return started;
      },
    },
  ],
});

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

test('an opening costs one workflow task, however long telling the owner takes', async () => {
  const views = await Promise.all(Array.from({ length: 16 }, () => openCase(h.app, conciergeBody())));
  await sleep(PAGER_MS); // time for a second task, if an opening caused one
  const tasks = await Promise.all(
    views.map(async (view) => {
      const events = await history(view.id as string);
      return events.filter((e) => e.workflowTaskScheduledEventAttributes).length;
    }),
  );
  expect(tasks).toEqual(views.map(() => 1));
});
