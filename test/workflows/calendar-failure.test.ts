/**
 * A case's business-hours calendar is extended by an activity as its horizon nears. An extension that fails for
 * good (its calendar refused, its retries spent) is logged and tried again later: the case lives on, its SLA
 * arithmetic past the horizon falling back to wall-clock time, instead of the whole case failing.
 */
import { ApplicationFailure } from '@temporalio/common';
import { captureCalendar } from '../../config/calendars';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { eventually } from '../support/eventually';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();
const DAY = 24 * 60 * 60 * 1000;

test('a calendar extension that fails for good leaves the case running and working', () => {
  let tries = 0;
  return withWorker(
    suite.env,
    {
      name: 'calendar-failure',
      activities: {
        async calendarIntervals() {
          tries += 1;
          throw ApplicationFailure.nonRetryable('the calendar service refused it', 'InvalidCalendar');
        },
      },
    },
    async (ctx) => {
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
      expect(tries).toBe(1);

      // An hour later the case, idle, wakes and tries again; it never failed a workflow task meanwhile.
      await suite.env.sleep('61m');
      await eventually('the extension to be tried again', async () => (await failedTries()) === 2);
      expect(tries).toBe(2);
      expect(await taskFailures()).toBe(0);
      expect((await h.query(m.caseViewQuery)).status).toBe('in_progress');
    },
  );
});
