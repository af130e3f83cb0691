/**
 * DOMAIN.md, "Trust and segregation of duties": a message that reaches a case without passing the API is refused
 * and changes nothing. A cancellation requested through Temporal (the Web UI's button, `temporal workflow
 * cancel`) while a refund is being paid: the payment completes once and is recorded, the case keeps running with
 * its timers, and it still ends the way the API ends a case, by its `cancel` action.
 */
import type { temporal } from '@temporalio/proto';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { holdEdge } from '../support/edge-holds';
import { eventually } from '../support/eventually';
import { oddPolicy } from '../support/odd-policy';
import { cny, timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

const policy = oddPolicy();
const suite = timeSkippingSuite();

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const historyOf = async (h: CaseHandle): Promise<HistoryEvent[]> => (await h.fetchHistory()).events ?? [];
const cancelRequested = (events: HistoryEvent[]) =>
  events.findIndex((e) => e.workflowExecutionCancelRequestedEventAttributes);
/** The index of the first workflow task completed after `index`, or -1. */
const taskCompletedAfter = (events: HistoryEvent[], index: number) =>
  events.findIndex((e, i) => i > index && e.workflowTaskCompletedEventAttributes);

test('a cancellation requested through Temporal changes nothing; the cancel action still ends the case', () => {
  // The rail has paid and recorded the payment; its answer waits until the case has taken the cancellation.
  const pay = holdEdge('pay', 'after');
  return withWorker(suite.env, { name: 'refused-cancellation', faults: pay.faults }, async (ctx) => {
    try {
      const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a table for two' } });
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const proposed = h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(12_300), reason: 'late car' }],
      });
      await pay.reached; // the payment is under way
      expect((await h.describe()).raw.pendingActivities?.map((a) => a.activityType?.name)).toEqual(['pay']);
      await h.cancel();
      // the case's worker has taken the request (a workflow task completed after it) while the payment is held
      await eventually('the case to take the cancellation request', async () => {
        const events = await historyOf(h);
        return taskCompletedAfter(events, cancelRequested(events)) > 0;
      });
      pay.release();

      const paid = await proposed;
      expect(paid.compensations[0]).toMatchObject({ id: 'c1', status: 'executed' });
      const pays = await ctx.edges.journals.payments.calls();
      expect(pays.map((c) => c.operation)).toEqual(['pay']);

      // The history says it happened in that order: the payment scheduled, the cancellation requested and taken,
      // then the payment completed; the case never asked to cancel it.
      const events = await historyOf(h);
      const payScheduled = events.findIndex(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'pay',
      );
      const payCompleted = events.findIndex(
        (e) =>
          e.activityTaskCompletedEventAttributes &&
          String(e.activityTaskCompletedEventAttributes.scheduledEventId) ===
            String(events[payScheduled]?.eventId),
      );
      const requested = cancelRequested(events);
      const taken = taskCompletedAfter(events, requested);
      expect(payScheduled).toBeGreaterThan(0);
      expect(requested).toBeGreaterThan(payScheduled);
      expect(taken).toBeGreaterThan(requested);
      expect(payCompleted).toBeGreaterThan(taken);
      expect(events.filter((e) => e.activityTaskCancelRequestedEventAttributes)).toEqual([]);

      const after = await h.query(m.caseViewQuery);
      expect((await h.describe()).status.name).toBe('RUNNING');
      expect(after.status).toBe('in_progress');
      expect(after.nextDueAt).not.toBeNull();
      expect(after.timeline.map((t) => t.kind)).not.toContain('cancelled');

      const cancelled = await h.executeUpdate(m.cancelUpdate, {
        args: [{ actor: actors.app, reason: 'the member withdrew' }],
      });
      expect(cancelled.status).toBe('cancelled');
      expect((await h.result()).status).toBe('cancelled');
    } finally {
      pay.release(); // however the test ends, the worker can stop
    }
  });
});
