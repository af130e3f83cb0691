/**
 * A keyed opening repeated by an opener who may not read the case answers the case as it opened. For a tier that
 * counts its SLAs in a business-hours calendar, that view's due times are counted in the calendar as it was at
 * the opening: captured at the repeat instead, the time between the two counted as open time and the repeat
 * showed an earlier callback due time than the case has.
 */
import { call, conciergeBody, harnessSuite } from '../support/api-harness';
import { testPolicy } from '../support/policy';

const DAY = 24 * 60 * 60 * 1000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const everyDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['09:00-18:00']]),
);

// Closed from today to the day after tomorrow (UTC): a standard case opened now is due hours after a later opening.
const h = harnessSuite({
  policy: testPolicy({
    calendars: {
      'closed-now': {
        timeZone: 'UTC',
        hours: everyDay,
        holidays: [0, 1, 2].map((n) => utcDay(Date.now() + n * DAY)),
      },
    },
    tiers: { standard: { calendar: 'closed-now' } },
  }),
});

test("a repeat by an opener who may not read a business-hours case shows the case's own due times", async () => {
  // m-1044 is mgr-xinyao's standard member: mgr-lin only opens the case
  const body = { ...conciergeBody(), member: { id: 'm-1044' } };
  const headers = { 'idempotency-key': `as-opened-${Date.now().toString(36)}` };
  const first = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, headers);
  expect(first.status).toBe(201);
  const id: string = first.body.id;
  const read = await call(h.app, 'sup-zheng', 'GET', `/v1/cases/${id}`);
  expect(read.body.sla.callback.dueAt).toBe(first.body.sla.callback.dueAt);

  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const again = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, headers);
  expect(again.status).toBe(200);
  expect(again.body.id).toBe(id);
  expect(again.body.sla.callback.dueAt).toBe(read.body.sla.callback.dueAt);
  expect(again.body.openedAt).toBe(first.body.openedAt);
});
