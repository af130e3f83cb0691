/**
 * The `calendarIntervals` activity: a calendar's open time beyond a case's horizon, resolved outside the workflow.
 * Bad input fails without retries (retrying a bad calendar cannot help).
 */
import { ApplicationFailure } from '@temporalio/common';
import { createCalendarActivities } from '../../activities/calendar';
import { openIntervals } from '../../config/calendars';
import type { CalendarDefinition } from '../../workflows/business-hours';

const cnBusiness: CalendarDefinition = {
  timeZone: 'Asia/Shanghai',
  hours: { mon: ['09:00-18:00'], fri: ['09:00-12:00', '13:00-18:00'] },
  holidays: ['2027-02-05'],
};
const D = 24 * 3_600_000;
const { calendarIntervals } = createCalendarActivities();

it('answers the open time over the stretch asked', async () => {
  const fromMs = Date.parse('2027-02-01T00:00:00+08:00');
  const toMs = fromMs + 14 * D;
  const span = await calendarIntervals({ calendar: cnBusiness, fromMs, toMs });
  expect(span).toEqual({ fromMs, toMs, intervals: openIntervals(cnBusiness, fromMs, toMs) });
  expect(span.intervals).toHaveLength(4); // Mon 1, Mon 8, Fri 12 twice (Fri 5 is a holiday)
});

it.each([
  ['a calendar that is not valid', { ...cnBusiness, timeZone: 'Nowhere/Else' }, 0, D, /timeZone/],
  ['a stretch that ends before it starts', cnBusiness, D, 0, /cannot resolve open time/],
  ['a stretch of more than 400 days', cnBusiness, 0, 401 * D, /cannot resolve open time/],
])('fails without retries on %s', async (_what, calendar, fromMs, toMs, message) => {
  const failure = await calendarIntervals({ calendar, fromMs, toMs }).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ nonRetryable: true, message: expect.stringMatching(message) });
});

it("resolves a calendar captured before the policy file's region/city rule (a case keeps the calendar it opened with)", async () => {
  // "US/Pacific" is a legacy link the runtime knows; a policy file may no longer name it, a captured calendar may
  const legacy: CalendarDefinition = {
    timeZone: 'US/Pacific',
    hours: { mon: ['09:00-17:00'] },
    holidays: [],
  };
  const fromMs = Date.parse('2027-02-01T00:00:00Z');
  const span = await calendarIntervals({ calendar: legacy, fromMs, toMs: fromMs + 7 * D });
  expect(span.intervals).toEqual([[Date.parse('2027-02-01T17:00:00Z'), Date.parse('2027-02-02T01:00:00Z')]]);
});
