/**
 * A calendar date in a case's details ("2026-12-20", as a case opened before the API resolved dates holds its
 * departure) is shown as that day in every time zone (console/src/format.ts), never as the instant of its UTC
 * midnight, which is the day before west of UTC. The browser test (actions-and-lists.test.ts) shows it on a page
 * in Los Angeles; this one checks the edges.
 */
import { DATE_ONLY, formatDate } from '../../console/src/format';

test('a date is that day, read in no time zone', () => {
  const shown = formatDate('2026-12-20');
  expect(shown).toMatch(/20/);
  expect(shown).toMatch(/2026/);
  expect(shown).not.toMatch(/19/);
  expect(formatDate('2027-01-01')).toMatch(/2027/); // not New Year's Eve of 2026
});

test('what is not a day of the calendar is shown as it came', () => {
  for (const text of ['2026-02-31', '2026-13-01', 'soon', '2026-12-20T10:00:00Z']) {
    expect(formatDate(text)).toBe(text);
  }
});

test('only a bare date is a date: an instant is a time', () => {
  expect(DATE_ONLY.test('2026-12-20')).toBe(true);
  expect(DATE_ONLY.test('2026-12-19T16:00:00.000Z')).toBe(false);
});
