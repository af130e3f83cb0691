/**
 * Business-hours calendars: the policy schema of a calendar (errors name the field), and its open time resolved
 * to UTC instants with the runtime's tz data: weekday hours, holidays, several intervals a day, intervals ending at
 * midnight joined with the next day's, and daylight-saving changes (a local time in the spring-forward gap starts
 * at the first instant after it; one that happens twice when clocks fall back takes the earlier instant).
 */
import fc from 'fast-check';
import { calendarSchema, openIntervals } from '../../config/calendars';
import type { CalendarDefinition, OpenInterval } from '../../workflows/business-hours';

const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;
const WEEKDAYS_9_TO_6 = {
  mon: ['09:00-18:00'],
  tue: ['09:00-18:00'],
  wed: ['09:00-18:00'],
  thu: ['09:00-18:00'],
  fri: ['09:00-18:00'],
};
const shanghai: CalendarDefinition = { timeZone: 'Asia/Shanghai', hours: WEEKDAYS_9_TO_6, holidays: [] };
const allDay = ['00:00-24:00'];
const paris247: CalendarDefinition = {
  timeZone: 'Europe/Paris',
  hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidays: [],
};
const iso = (intervals: OpenInterval[]) =>
  intervals.map(([s, e]) => [new Date(s).toISOString(), new Date(e).toISOString()]);

describe('calendar schema', () => {
  const issues = (input: unknown) => {
    const r = calendarSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('accepts the example calendar; holidays default to none', () => {
    const parsed = calendarSchema.parse({
      timeZone: 'Asia/Shanghai',
      hours: { mon: ['09:00-12:00', '13:00-18:00'] },
    });
    expect(parsed).toEqual({
      timeZone: 'Asia/Shanghai',
      hours: { mon: ['09:00-12:00', '13:00-18:00'] },
      holidays: [],
    });
    expect(
      issues({ timeZone: 'Europe/Paris', hours: { fri: ['18:00-24:00'], sat: ['00:00-06:00'] } }),
    ).toEqual([]);
  });

  it('refuses an unknown time zone, naming the field', () => {
    expect(issues({ timeZone: 'Mars/Olympus_Mons', hours: WEEKDAYS_9_TO_6 })).toEqual([
      { path: 'timeZone', message: expect.stringContaining('"Mars/Olympus_Mons" is not a time zone') },
    ]);
  });

  it.each([
    ['9:00-18:00', 'hours.mon.0', 'is not opening hours'],
    ['09:00-24:01', 'hours.mon.0', 'is not opening hours'],
    ['24:00-24:00', 'hours.mon.0', 'is not opening hours'],
    ['18:00-09:00', 'hours.mon.0', 'must end after it starts'],
    ['09:00-09:00', 'hours.mon.0', 'must end after it starts'],
  ])('refuses hours %j (%s)', (hours, path, message) => {
    expect(issues({ timeZone: 'UTC', hours: { mon: [hours], tue: ['09:00-18:00'] } })).toEqual([
      { path, message: expect.stringContaining(message) },
    ]);
  });

  it('refuses intervals of a day out of order or overlapping; touching ones are fine', () => {
    expect(issues({ timeZone: 'UTC', hours: { tue: ['13:00-18:00', '09:00-12:00'] } })).toEqual([
      { path: 'hours.tue.1', message: expect.stringContaining('overlaps or precedes') },
    ]);
    expect(issues({ timeZone: 'UTC', hours: { tue: ['09:00-13:00', '12:00-18:00'] } })).toEqual([
      { path: 'hours.tue.1', message: expect.stringContaining('overlaps or precedes') },
    ]);
    expect(issues({ timeZone: 'UTC', hours: { tue: ['09:00-12:00', '12:00-18:00'] } })).toEqual([]);
  });

  it('refuses unknown weekdays, impossible holidays and a calendar that never opens', () => {
    expect(issues({ timeZone: 'UTC', hours: { monday: ['09:00-18:00'] } })).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'hours' })]),
    );
    expect(issues({ timeZone: 'UTC', hours: WEEKDAYS_9_TO_6, holidays: ['2027-02-30'] })).toEqual([
      { path: 'holidays.0', message: 'a holiday is a local date "YYYY-MM-DD"' },
    ]);
    expect(issues({ timeZone: 'UTC', hours: { sat: [] } })).toEqual([
      { path: 'hours', message: 'a calendar must open on at least one weekday' },
    ]);
  });
});

describe('openIntervals', () => {
  it('gives the weekday hours of a week as UTC instants (Asia/Shanghai, UTC+8)', () => {
    expect(
      iso(openIntervals(shanghai, at('2027-03-05T12:00:00+08:00'), at('2027-03-09T00:00:00+08:00'))),
    ).toEqual([
      ['2027-03-05T04:00:00.000Z', '2027-03-05T10:00:00.000Z'], // Friday, clipped at 12:00 local
      ['2027-03-08T01:00:00.000Z', '2027-03-08T10:00:00.000Z'], // Monday
    ]);
  });

  it('keeps a holiday closed all day', () => {
    const withHolidays = { ...shanghai, holidays: ['2027-02-05', '2027-02-08'] }; // a Friday and a Monday
    expect(
      iso(openIntervals(withHolidays, at('2027-02-04T00:00:00+08:00'), at('2027-02-10T00:00:00+08:00'))),
    ).toEqual([
      ['2027-02-04T01:00:00.000Z', '2027-02-04T10:00:00.000Z'],
      ['2027-02-09T01:00:00.000Z', '2027-02-09T10:00:00.000Z'],
    ]);
  });

  it('gives several intervals a day, and joins touching ones', () => {
    const lunch: CalendarDefinition = {
      timeZone: 'UTC',
      hours: { wed: ['09:00-12:00', '13:00-18:00'] },
      holidays: [],
    };
    expect(iso(openIntervals(lunch, at('2027-03-03T00:00Z'), at('2027-03-04T00:00Z')))).toEqual([
      ['2027-03-03T09:00:00.000Z', '2027-03-03T12:00:00.000Z'],
      ['2027-03-03T13:00:00.000Z', '2027-03-03T18:00:00.000Z'],
    ]);
    const touching = { ...lunch, hours: { wed: ['09:00-12:00', '12:00-18:00'] } };
    expect(iso(openIntervals(touching, at('2027-03-03T00:00Z'), at('2027-03-04T00:00Z')))).toEqual([
      ['2027-03-03T09:00:00.000Z', '2027-03-03T18:00:00.000Z'],
    ]);
  });

  it('joins an interval ending at midnight with the next day starting at 00:00', () => {
    const nights: CalendarDefinition = {
      timeZone: 'Asia/Shanghai',
      hours: { fri: ['18:00-24:00'], sat: ['00:00-12:00'] },
      holidays: [],
    };
    expect(
      iso(openIntervals(nights, at('2027-03-01T00:00:00+08:00'), at('2027-03-08T00:00:00+08:00'))),
    ).toEqual([
      ['2027-03-05T10:00:00.000Z', '2027-03-06T04:00:00.000Z'], // Fri 18:00 -> Sat 12:00 local
    ]);
  });

  it('joins them too when clocks change at midnight (America/Santiago)', () => {
    const nights: CalendarDefinition = {
      timeZone: 'America/Santiago',
      hours: { sat: ['18:00-24:00'], sun: ['00:00-06:00'] },
      holidays: [],
    };
    // 2027-04-04 00:00 -04 falls back to 23:00 -03: Saturday's last hour happens twice (13 h in all).
    expect(iso(openIntervals(nights, at('2027-04-01T00:00Z'), at('2027-04-08T00:00Z')))).toEqual([
      ['2027-04-03T21:00:00.000Z', '2027-04-04T10:00:00.000Z'],
    ]);
    // 2027-09-05 00:00 -04 springs forward to 01:00 -03: Sunday's first hour never happens (11 h in all).
    expect(iso(openIntervals(nights, at('2027-09-01T00:00Z'), at('2027-09-08T00:00Z')))).toEqual([
      ['2027-09-04T22:00:00.000Z', '2027-09-05T09:00:00.000Z'],
    ]);
  });

  it('is one interval for a calendar open around the clock', () => {
    const from = at('2027-03-20T07:13:00Z');
    const to = at('2027-04-20T00:00Z');
    expect(openIntervals(paris247, from, to)).toEqual([[from, to]]);
  });

  it('counts the real length of the days when daylight saving changes (Europe/Paris, 2027)', () => {
    const sundays: CalendarDefinition = { timeZone: 'Europe/Paris', hours: { sun: allDay }, holidays: [] };
    // Last Sunday of March: 02:00 CET -> 03:00 CEST, a 23-hour day.
    expect(iso(openIntervals(sundays, at('2027-03-27T00:00Z'), at('2027-03-30T00:00Z')))).toEqual([
      ['2027-03-27T23:00:00.000Z', '2027-03-28T22:00:00.000Z'],
    ]);
    // Last Sunday of October: 03:00 CEST -> 02:00 CET, a 25-hour day.
    expect(iso(openIntervals(sundays, at('2027-10-30T00:00Z'), at('2027-11-02T00:00Z')))).toEqual([
      ['2027-10-30T22:00:00.000Z', '2027-10-31T23:00:00.000Z'],
    ]);
  });

  it('starts hours that fall in the spring-forward gap at the first instant after it', () => {
    const early: CalendarDefinition = {
      timeZone: 'Europe/Paris',
      hours: { sun: ['02:30-04:00'] },
      holidays: [],
    };
    // 02:30 does not exist on 2027-03-28: the office opens at 03:00 CEST (01:00Z) and closes at 04:00 CEST.
    expect(iso(openIntervals(early, at('2027-03-27T00:00Z'), at('2027-03-29T00:00Z')))).toEqual([
      ['2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z'],
    ]);
    // Hours wholly inside the gap never open that day.
    const inGap = { ...early, hours: { sun: ['02:00-02:59'] } };
    expect(openIntervals(inGap, at('2027-03-27T00:00Z'), at('2027-03-29T00:00Z'))).toEqual([]);
  });

  it('takes the earlier instant for hours that happen twice when clocks fall back', () => {
    const early: CalendarDefinition = {
      timeZone: 'Europe/Paris',
      hours: { sun: ['02:30-04:00'] },
      holidays: [],
    };
    // 02:30 happens at 00:30Z (CEST) and 01:30Z (CET) on 2027-10-31: open from the first, until 04:00 CET.
    expect(iso(openIntervals(early, at('2027-10-30T00:00Z'), at('2027-11-01T00:00Z')))).toEqual([
      ['2027-10-31T00:30:00.000Z', '2027-10-31T03:00:00.000Z'],
    ]);
  });

  it('gives the same open time whether a stretch is resolved at once or in two parts (property)', () => {
    const lunchParis: CalendarDefinition = {
      timeZone: 'Europe/Paris',
      hours: {
        mon: ['09:00-12:00', '13:00-18:00'],
        fri: ['18:00-24:00'],
        sat: ['00:00-02:30'],
        sun: ['01:30-03:30'],
      },
      holidays: ['2027-04-02'],
    };
    const start = at('2026-12-01T00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 24 * H }),
        fc.integer({ min: 1, max: 20 * 24 * H }),
        fc.integer({ min: 0, max: 20 * 24 * H }),
        (offset, length, cut) => {
          const from = start + offset;
          const to = from + length;
          const mid = from + Math.min(cut, length);
          const whole = openIntervals(lunchParis, from, to);
          for (let i = 0; i < whole.length; i++) {
            const [s, e] = whole[i]!;
            expect(s).toBeGreaterThanOrEqual(from);
            expect(e).toBeLessThanOrEqual(to);
            expect(e).toBeGreaterThan(s);
            if (i > 0) expect(s).toBeGreaterThan(whole[i - 1]![1]);
          }
          const parts = [...openIntervals(lunchParis, from, mid), ...openIntervals(lunchParis, mid, to)];
          const joined: OpenInterval[] = [];
          for (const [s, e] of parts) {
            const last = joined[joined.length - 1];
            if (last && last[1] === s) last[1] = e;
            else joined.push([s, e]);
          }
          expect(joined).toEqual(whole);
        },
      ),
      { numRuns: 40 },
    );
  });
});
