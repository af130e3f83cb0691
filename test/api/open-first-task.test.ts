/**
 * `POST /v1/cases` answers once the case's first workflow task has run (api/temporal/case-start.ts): the start
 * carries the `caseReady` update (Update-with-Start), so the 201 comes after the callback timer is armed and the
 * owner told, a burst is answered as fast as the stack takes cases, and the opening costs that one task. (With no
 * worker at all the answer is 201 all the same: test/api/open-unconfirmed.test.ts.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { conciergeBody, harnessSuite, openCase } from '../support/api-harness';
import { eventually } from '../support/eventually';

/** A pager that takes its time, as a real one does under load: the first task runs while the API waits. */
const PAGER_MS = 400;
/**
 * And an API process busy for a moment after a start returns (other requests, under load): whatever it asks
 * next reaches the case while its first task runs.
 */
const BUSY_MS = 150;

/**
 * Every call the API's Temporal client makes that could give a case another workflow task (a query reaching it
 * while a task runs, a signal, an update...): how many are in flight, and how many were ever started.
 */
const apiCalls = { inFlight: 0, started: 0 };
const counted = async <T>(call: () => Promise<T>): Promise<T> => {
  apiCalls.inFlight += 1;
  apiCalls.started += 1;
  try {
    return await call();
  } finally {
    apiCalls.inFlight -= 1;
  }
};
const countApiCalls: WorkflowClientInterceptor = {
  start: (input, next) => counted(() => next(input)),
  startWithDetails: (input, next) => counted(() => next(input)),
  startUpdate: (input, next) => counted(() => next(input)),
  startUpdateWithStart: (input, next) => counted(() => next(input)),
  signal: (input, next) => counted(() => next(input)),
  signalWithStart: (input, next) => counted(() => next(input)),
  query: (input, next) => counted(() => next(input)),
  cancel: (input, next) => counted(() => next(input)),
  terminate: (input, next) => counted(() => next(input)),
  describe: (input, next) => counted(() => next(input)),
};

const h = harnessSuite({
  // A worker with few task slots, as under a burst: openings wait in the task queue while others run.
  workerTuning: { maxConcurrentWorkflowTaskExecutions: 2 },
  notifier: { notifyOwner: () => sleep(PAGER_MS) },
  clientInterceptors: [
    countApiCalls,
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

/**
 * Until nothing can give these cases another task: the API has no call to Temporal in flight (none started while
 * looking either), and no case has a workflow task or an activity pending. (The test reads through the
 * environment's own client, which the count leaves out.)
 */
async function untilSettled(caseIds: string[]): Promise<void> {
  await eventually('the API to have no call in flight and every case to be idle', async () => {
    const before = apiCalls.started;
    if (apiCalls.inFlight > 0) return false;
    const described = await Promise.all(caseIds.map((id) => h.env.client.workflow.getHandle(id).describe()));
    const idle = described.every(
      ({ raw }) => !raw.pendingWorkflowTask && (raw.pendingActivities?.length ?? 0) === 0,
    );
    return idle && apiCalls.inFlight === 0 && apiCalls.started === before;
  });
}

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
  // whatever an opening set going (a query, a signal, an activity) has reached its case and been handled by now
  await untilSettled(views.map((view) => view.id as string));
  const tasks = await Promise.all(
    views.map(async (view) => {
      const events = await history(view.id as string);
      return events.filter((e) => e.workflowTaskScheduledEventAttributes).length;
    }),
  );
  expect(tasks).toEqual(views.map(() => 1));
});
