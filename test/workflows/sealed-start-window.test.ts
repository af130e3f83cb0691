/**
 * The start window of sealed-start.ts is measured from the start event's time (set by the server when the API's
 * start arrived), never from the first workflow task's: a worker backlog or outage longer than the window must
 * not refuse the openings the API already answered 201 for. On a real dev server: the time the API accepted the
 * opening (`requestedAt`) is set so that the start falls just inside the window, and the case's first workflow
 * task, held back by having no worker poll its queue, runs just after the window closed; the history says so.
 */
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import * as m from '../../workflows/messages';
import { START_AFTER_ACCEPTANCE_MS } from '../../workflows/sealed-start';
import { openInput, startCase } from '../support/cases';
import { eventually } from '../support/eventually';
import { lateWorker } from '../support/late-worker';
import { failureOf } from '../support/refused-starts';
import { devServerSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

const suite = devServerSuite();

/** How far inside the window the start falls (room for the start call), and so how long the first task waits. */
const MARGIN_MS = 2_000;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const historyOf = async (h: CaseHandle): Promise<HistoryEvent[]> => (await h.fetchHistory()).events ?? [];
/** When the first event `is` was recorded, by the server's clock. */
const timeOf = (events: HistoryEvent[], is: (e: HistoryEvent) => unknown): number =>
  tsToMs(events.find(is)?.eventTime);
const startEvent = (e: HistoryEvent) => e.workflowExecutionStartedEventAttributes;
const firstTask = (e: HistoryEvent) => e.workflowTaskStartedEventAttributes;
/** Until the case's first workflow task has completed (a refused start ends the run in it), and its status then. */
async function afterFirstTask(h: CaseHandle): Promise<string> {
  await eventually('the first workflow task to complete', async () =>
    (await historyOf(h)).some((e) => e.workflowTaskCompletedEventAttributes),
  );
  return (await h.describe()).status.name;
}

test('a start the server took at once is opened, however late its first workflow task ran', async () => {
  const taskQueue = `sealed-start-window-${process.pid}-${Date.now().toString(36)}`;
  const acceptedAt = Date.now() - START_AFTER_ACCEPTANCE_MS + MARGIN_MS;
  const h = await startCase(
    suite.env.client.workflow,
    { ...openInput(), requestedAt: acceptedAt },
    taskQueue,
  );
  expect(timeOf(await historyOf(h), startEvent) - acceptedAt).toBeLessThanOrEqual(START_AFTER_ACCEPTANCE_MS);
  // No worker polls the case's queue until the window has closed: its first task runs after that.
  await eventually('the start window to close', () => Date.now() > acceptedAt + START_AFTER_ACCEPTANCE_MS, {
    intervalMs: 50,
  });

  await lateWorker(suite, taskQueue, async () => {
    expect(await afterFirstTask(h)).toBe('RUNNING');
    expect((await h.query(m.caseViewQuery)).status).toBe('awaiting_callback');
    await h.terminate('test over');
  });
  const events = await historyOf(h);
  expect(timeOf(events, firstTask) - acceptedAt).toBeGreaterThan(START_AFTER_ACCEPTANCE_MS);
  expect(events.filter((e) => e.workflowExecutionFailedEventAttributes)).toEqual([]);
});

test('a start the server took after the window is refused', () =>
  withWorker(suite.env, async (ctx) => {
    // Accepted a millisecond more than the window ago: whatever the start's latency, it lands past the window.
    const acceptedAt = Date.now() - START_AFTER_ACCEPTANCE_MS - 1;
    const h = await ctx.start({ ...openInput(), requestedAt: acceptedAt });
    expect(await afterFirstTask(h)).toBe('FAILED');
    const failure = await failureOf(h);
    expect(failure.type).toBe('forbidden');
    expect(failure.message).toMatch(/accepted by the API at/);
    expect(timeOf(await historyOf(h), startEvent) - acceptedAt).toBeGreaterThan(START_AFTER_ACCEPTANCE_MS);
  }));
