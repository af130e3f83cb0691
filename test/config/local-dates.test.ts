/**
 * A date without a time of day (a departure on "2026-12-20") is read as the first instant of that day in a zone:
 * its midnight there, or the first instant after it when the clocks spring forward over midnight. The policy
 * names the zone (`dateTimeZone`, default Asia/Shanghai); an unknown zone is refused when the policy loads.
 */
import { startOfLocalDay } from '../../config/calendars';
import { policySchema } from '../../config/policy';
import { policyJson } from '../support/policy';

const iso = (t: number) => new Date(t).toISOString();

test('a date begins at its midnight in the zone, whatever the zone is ahead of or behind UTC', () => {
  expect(iso(startOfLocalDay('Asia/Shanghai', '2026-12-20'))).toBe('2026-12-19T16:00:00.000Z');
  expect(iso(startOfLocalDay('UTC', '2026-12-20'))).toBe('2026-12-20T00:00:00.000Z');
  expect(iso(startOfLocalDay('America/New_York', '2026-12-20'))).toBe('2026-12-20T05:00:00.000Z');
  // summer time: Paris is two hours ahead in July, one in December
  expect(iso(startOfLocalDay('Europe/Paris', '2026-07-14'))).toBe('2026-07-13T22:00:00.000Z');
  expect(iso(startOfLocalDay('Europe/Paris', '2026-12-20'))).toBe('2026-12-19T23:00:00.000Z');
});

test('a day whose midnight the clocks skip begins at the first instant that exists', () => {
  // Santiago springs forward at midnight on 2026-09-06 (00:00 -> 01:00, UTC-4 -> UTC-3)
  expect(iso(startOfLocalDay('America/Santiago', '2026-09-06'))).toBe('2026-09-06T04:00:00.000Z');
  // Beirut does on 2026-03-29 (00:00 -> 01:00, UTC+2 -> UTC+3)
  expect(iso(startOfLocalDay('Asia/Beirut', '2026-03-29'))).toBe('2026-03-28T22:00:00.000Z');
});

test("the policy's dateTimeZone defaults to Asia/Shanghai, and a zone the runtime does not know is refused", () => {
  const { dateTimeZone: _, ...withoutZone } = policyJson();
  expect(policySchema.parse(withoutZone).dateTimeZone).toBe('Asia/Shanghai');
  expect(policySchema.parse({ ...withoutZone, dateTimeZone: 'Europe/Paris' }).dateTimeZone).toBe(
    'Europe/Paris',
  );
  const refused = policySchema.safeParse({ ...withoutZone, dateTimeZone: 'Mars/Olympus' });
  expect(refused.success).toBe(false);
  expect(refused.error?.issues[0]).toMatchObject({
    path: ['dateTimeZone'],
    message: expect.stringContaining('Mars/Olympus'),
  });
});
