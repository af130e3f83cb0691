/**
 * A case's business-hours calendar is extended by an activity as its horizon nears. An extension that fails for
 * good (its calendar refused, its retries spent) is logged and tried again later: the case lives on, its SLA
 * arithmetic past the horizon falling back to wall-clock time, instead of the whole case failing. And while its
 * tries go on, the case's clocks do too: the extension runs beside the case's work (before, the case awaited it,
 * and a callback falling due meanwhile escalated only once its tries were spent, minutes late).
 */
import { ApplicationFailure } from '@temporalio/common';
import { captureCalendar } from '../../config/calendars';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { eventually } from '../support/eventually';
import { timeSkippingSuite, withWorker, type WorkerContext } from '../support/workflow-harness';

const suite = timeSkippingSuite();
const DAY = 24 * 60 * 60 * 1000;

/** A worker whose calendar service fails every extension with `failure`; `calls.tries` counts them. */
function withFailingCalendars(
  name: string,
  failure: () => Error,
  body: (ctx: WorkerContext, calls: { tries: number }) => Promise<void>,
) {
  const calls = { tries: 0 };
  const calendarIntervals = async () => {
    calls.tries += 1;
    throw failure();
  };
  return withWorker(suite.env, { name, activities: { calendarIntervals } }, (ctx) => body(ctx, calls));
}

test('a calendar extension that fails for good leaves the case running and working', () => {
  return withFailingCalendars(
    'calendar-failure',
    () => ApplicationFailure.nonRetryable('the calendar service refused it', 'InvalidCalendar'),
    async (ctx, calls) => {
      const input = openInput({ member: { tier: 'standard' } });
      // A horizon 30 days out: inside the 60 days the case keeps ahead, so it asks for more at once.
      input.policy.tier.calendar = captureCalendar(
        'cn-business',
        { timeZone: 'Asia/Shanghai', hours: { mon: ['09:00-18:00'], tue: ['09:00-18:00'] }, holidays: [] },
        await suite.env.currentTimeMs(),
        30 * DAY,
      );
      const h = await ctx.start(input);
      const failedTries = async () =>
        ((await h.fetchHistory()).events ?? []).filter((e) => e.activityTaskFailedEventAttributes).length;
      const taskFailures = async () =>
        ((await h.fetchHistory()).events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
      await eventually(
        'the failed extension to be back in the case',
        async () => (await failedTries()) === 1,
      );
      const called = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      expect(called.status).toBe('in_progress');
      expect(calls.tries).toBe(1);

      // An hour later the case, idle, wakes and tries again; it never failed a workflow task meanwhile.
      await suite.env.sleep('61m');
      await eventually('the extension to be tried again', async () => (await failedTries()) === 2);
      expect(calls.tries).toBe(2);
      expect(await taskFailures()).toBe(0);
      expect((await h.query(m.caseViewQuery)).status).toBe('in_progress');
    },
  );
});

test('the case keeps its clocks while an extension is being retried: a callback due meanwhile escalates on time', () => {
  return withFailingCalendars(
    'calendar-retried',
    () => new Error('the time-zone service is down'), // retried for about seven minutes
    async (ctx, calls) => {
      const input = openInput({ policy: oddPolicy({ tiers: { apass: { callbackSla: '3m' } } }) });
      const always = ['00:00-24:00'];
      const week = {
        mon: always,
        tue: always,
        wed: always,
        thu: always,
        fri: always,
        sat: always,
        sun: always,
      };
      input.policy.tier.calendar = captureCalendar(
        'always-open',
        { timeZone: 'Asia/Shanghai', hours: week, holidays: [] },
        await suite.env.currentTimeMs(),
        30 * DAY,
      );
      const h = await ctx.start(input);
      await eventually('the extension to be tried', async () => calls.tries > 0);
      const { sla } = await h.query(m.caseViewQuery);
      await suite.env.sleep('4m');
      const v = await eventually('the escalation', async () => {
        const view = await h.query(m.caseViewQuery);
        expect(view.escalationLevel).toBe(1);
        return view;
      });
      const escalated = v.timeline.find((t) => t.kind === 'escalated')!;
      // at the callback's due time, not once the extension's tries were spent
      expect(Date.parse(escalated.at) - Date.parse(sla.callback.dueAt!)).toBeLessThan(60_000);
      expect(calls.tries).toBeLessThan(20);
    },
  );
});
