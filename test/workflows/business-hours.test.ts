/**
 * Business-hours arithmetic on a captured calendar (workflow code, pure): SLA deadlines count only open time
 * (a 4 h callback opened Friday 17:00 in a 09:00-18:00 calendar is due Monday 12:00), across holidays, daylight
 * saving, several intervals a day and intervals ending at midnight; pauses cost only the open time they covered;
 * warnings count in open time; a null calendar is plain wall-clock arithmetic; an answer beyond the captured
 * horizon is undefined until the calendar is extended.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { calendarSpan, captureCalendar } from '../../config/calendars';
import {
  addOpenTime,
  extendCalendar,
  openTimeBetween,
  subtractOpenTime,
  type CalendarDefinition,
  type CapturedCalendar,
} from '../../workflows/business-hours';

const at = (iso: string) => Date.parse(iso);
const M = 60_000;
const H = 60 * M;
const D = 24 * H;
const nineToSix = ['09:00-18:00'];
const cnBusiness: CalendarDefinition = {
  timeZone: 'Asia/Shanghai',
  hours: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
  holidays: ['2027-02-05', '2027-02-08'],
};
const cn = (local: string) => at(`${local}+08:00`);
const isoOf = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe('addOpenTime', () => {
  const fri17 = cn('2027-03-05T17:00:00');
  const cal = captureCalendar('cn-business', cnBusiness, fri17);

  it('dues a 4 h callback opened Friday 17:00 on Monday 12:00 (DOMAIN.md)', () => {
    expect(addOpenTime(cal, fri17, 4 * H)).toBe(cn('2027-03-08T12:00:00'));
  });

  it('lands at closing time rather than at the next opening, and starts counting at opening time', () => {
    expect(addOpenTime(cal, fri17, 1 * H)).toBe(cn('2027-03-05T18:00:00'));
    expect(addOpenTime(cal, cn('2027-03-06T10:00:00'), 4 * H)).toBe(cn('2027-03-08T13:00:00')); // Saturday
    expect(addOpenTime(cal, fri17, 0)).toBe(fri17);
  });

  it('skips holidays', () => {
    const thu17 = cn('2027-02-04T17:00:00'); // Friday 5 and Monday 8 February are holidays
    const feb = captureCalendar('cn-business', cnBusiness, thu17);
    expect(addOpenTime(feb, thu17, 4 * H)).toBe(cn('2027-02-09T12:00:00'));
    expect(openTimeBetween(feb, thu17, cn('2027-02-10T00:00:00'))).toBe(1 * H + 9 * H);
  });

  it('counts elapsed time across daylight-saving changes (Europe/Paris)', () => {
    const allDay = ['00:00-24:00'];
    const weekends: CalendarDefinition = {
      timeZone: 'Europe/Paris',
      hours: { sat: allDay, sun: allDay },
      holidays: [],
    };
    // Sunday 28 March 2027 lasts 23 h: 24 h of open time from Saturday noon ends Sunday 13:00 CEST.
    const march = captureCalendar('weekends', weekends, at('2027-03-27T12:00:00+01:00'));
    expect(isoOf(addOpenTime(march, march.fromMs, 24 * H))).toBe(isoOf(at('2027-03-28T13:00:00+02:00')));
    // 36 h from Saturday noon: the weekend holds 12 + 23 h, so the last hour is Saturday 3 April 00:00-01:00.
    expect(isoOf(addOpenTime(march, march.fromMs, 36 * H))).toBe(isoOf(at('2027-04-03T01:00:00+02:00')));
    // Sunday 31 October 2027 lasts 25 h: 24 h from Saturday noon ends Sunday 11:00 CET.
    const october = captureCalendar('weekends', weekends, at('2027-10-30T12:00:00+02:00'));
    expect(isoOf(addOpenTime(october, october.fromMs, 24 * H))).toBe(isoOf(at('2027-10-31T11:00:00+01:00')));
    // Office hours around the change keep their local times: Friday 17:00 CET + 2 h = Monday 10:00 CEST.
    const parisOffice = captureCalendar(
      'paris',
      { ...cnBusiness, timeZone: 'Europe/Paris', holidays: [] },
      at('2027-03-26T17:00:00+01:00'),
    );
    expect(isoOf(addOpenTime(parisOffice, parisOffice.fromMs, 2 * H))).toBe(
      isoOf(at('2027-03-29T10:00:00+02:00')),
    );
  });

  it('counts several intervals a day, and runs on through an interval ending at midnight', () => {
    const lunch = captureCalendar(
      'lunch',
      { timeZone: 'Asia/Shanghai', hours: { wed: ['09:00-12:00', '13:00-18:00'] }, holidays: [] },
      cn('2027-03-03T08:00:00'),
    );
    expect(addOpenTime(lunch, cn('2027-03-03T11:00:00'), 2 * H)).toBe(cn('2027-03-03T14:00:00'));
    const nights = captureCalendar(
      'nights',
      { timeZone: 'Asia/Shanghai', hours: { fri: ['18:00-24:00'], sat: ['00:00-06:00'] }, holidays: [] },
      cn('2027-03-05T12:00:00'),
    );
    expect(addOpenTime(nights, cn('2027-03-05T23:00:00'), 2 * H)).toBe(cn('2027-03-06T01:00:00'));
    expect(addOpenTime(nights, cn('2027-03-05T12:00:00'), 13 * H)).toBe(cn('2027-03-12T19:00:00'));
  });
});

describe('pauses and warnings', () => {
  const tue9 = cn('2027-03-02T09:00:00');
  const cal = captureCalendar('cn-business', cnBusiness, tue9);

  it('charges a pause spanning a closed night only the open time it covered', () => {
    // A resolution commitment of 24 h of open time from Tuesday 09:00: Tue 9 h + Wed 9 h + Thu 6 h.
    const due = addOpenTime(cal, tue9, 24 * H)!;
    expect(due).toBe(cn('2027-03-04T15:00:00'));
    const pausedAt = cn('2027-03-02T17:00:00');
    const resumedAt = cn('2027-03-03T10:00:00');
    expect(openTimeBetween(cal, pausedAt, resumedAt)).toBe(2 * H); // 17:00-18:00 and 09:00-10:00
    // The clock keeps the open time it had left at the pause, counted again from the resumption.
    const left = openTimeBetween(cal, pausedAt, due)!;
    expect(addOpenTime(cal, resumedAt, left)).toBe(addOpenTime(cal, due, 2 * H));
    expect(addOpenTime(cal, resumedAt, left)).toBe(cn('2027-03-04T17:00:00'));
    // A pause that starts and ends while closed costs nothing.
    expect(openTimeBetween(cal, cn('2027-03-02T19:00:00'), cn('2027-03-03T08:00:00'))).toBe(0);
  });

  it('warns in open time: the latest instant leaving warnBefore of open time before the due time', () => {
    const monNoon = cn('2027-03-08T12:00:00');
    expect(subtractOpenTime(cal, monNoon, 1 * H)).toBe(cn('2027-03-08T11:00:00'));
    expect(subtractOpenTime(cal, monNoon, 3 * H)).toBe(cn('2027-03-08T09:00:00')); // at opening, not Friday 18:00
    expect(subtractOpenTime(cal, monNoon, 3.5 * H)).toBe(cn('2027-03-05T17:30:00'));
    expect(subtractOpenTime(cal, monNoon, 0)).toBe(monNoon);
  });

  it('puts a warning that needs open time before the opening in the past (warn at once)', () => {
    const sat = cn('2027-03-06T10:00:00');
    const weekend = captureCalendar('cn-business', cnBusiness, sat);
    const due = addOpenTime(weekend, sat, 4 * H)!; // Monday 13:00
    expect(subtractOpenTime(weekend, due, 4 * H)).toBe(cn('2027-03-08T09:00:00'));
    expect(subtractOpenTime(weekend, due, 5 * H)!).toBeLessThanOrEqual(sat);
  });
});

describe('a 24/7 tier (null calendar)', () => {
  it('is plain wall-clock arithmetic (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 100 * D }), (t, d) => {
        expect(addOpenTime(null, t, d)).toBe(t + d);
        expect(subtractOpenTime(null, t + d, d)).toBe(t);
        expect(openTimeBetween(null, t, t + d)).toBe(d);
        expect(openTimeBetween(null, t + d, t)).toBe(0);
      }),
    );
  });
});

describe('the horizon', () => {
  const fri17 = cn('2027-03-05T17:00:00');

  it('answers undefined beyond it, and again once extended, as if captured further', () => {
    const short = captureCalendar('cn-business', cnBusiness, fri17, 4 * D); // up to Tuesday 17:00
    expect(addOpenTime(short, fri17, 4 * H)).toBe(cn('2027-03-08T12:00:00'));
    expect(addOpenTime(short, fri17, 18 * H)).toBe(cn('2027-03-09T17:00:00')); // exactly at the horizon
    expect(addOpenTime(short, fri17, 19 * H)).toBeUndefined();
    expect(openTimeBetween(short, fri17, cn('2027-03-10T00:00:00'))).toBeUndefined();
    expect(subtractOpenTime(short, cn('2027-03-10T12:00:00'), H)).toBeUndefined();

    const longer = extendCalendar(
      short,
      calendarSpan(cnBusiness, short.horizonEndMs, short.horizonEndMs + 10 * D),
    );
    expect(longer).toEqual(captureCalendar('cn-business', cnBusiness, fri17, 14 * D));
    expect(addOpenTime(longer, fri17, 19 * H)).toBe(cn('2027-03-09T18:00:00'));
    expect(openTimeBetween(longer, fri17, cn('2027-03-10T00:00:00'))).toBe(19 * H);
    expect(short.horizonEndMs).toBe(fri17 + 4 * D); // the original is left as it was
  });

  it('refuses an extension that would leave a gap, and ignores one that adds nothing', () => {
    const short = captureCalendar('cn-business', cnBusiness, fri17, 4 * D);
    const gap = calendarSpan(cnBusiness, short.horizonEndMs + H, short.horizonEndMs + 2 * D);
    expect(() => extendCalendar(short, gap)).toThrow(/gap/);
    expect(extendCalendar(short, calendarSpan(cnBusiness, fri17, fri17 + D))).toBe(short);
  });

  it('joins an open interval cut by the horizon with its continuation', () => {
    const allDay = ['00:00-24:00'];
    const always: CalendarDefinition = {
      timeZone: 'Asia/Shanghai',
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      holidays: [],
    };
    const first = captureCalendar('always', always, fri17, 3 * D + 7 * M);
    const more = extendCalendar(first, calendarSpan(always, first.horizonEndMs - H, first.horizonEndMs + D));
    expect(more.intervals).toEqual([[fri17, fri17 + 4 * D + 7 * M]]);
  });
});

describe('properties on a calendar with lunch breaks, nights and daylight saving (Europe/Paris)', () => {
  const paris: CalendarDefinition = {
    timeZone: 'Europe/Paris',
    hours: {
      mon: ['09:00-12:00', '13:00-18:00'],
      wed: ['02:00-03:30', '09:00-18:00'],
      fri: ['18:00-24:00'],
      sat: ['00:00-02:30'],
      sun: ['01:00-04:00'],
    },
    holidays: ['2027-04-05'],
  };
  const cal: CapturedCalendar = captureCalendar('paris', paris, at('2027-03-01T00:00Z'), 260 * D);
  const instant = fc.integer({ min: cal.fromMs, max: cal.fromMs + 200 * D });
  const duration = fc.integer({ min: 1, max: 120 * H });

  it('adding open time then measuring it gives the duration back; subtracting it leads back to it', () => {
    fc.assert(
      fc.property(instant, duration, (from, d) => {
        const due = addOpenTime(cal, from, d)!;
        expect(due).toBeGreaterThanOrEqual(from + d);
        expect(openTimeBetween(cal, from, due)).toBe(d);
        expect(openTimeBetween(cal, from, due - 1)).toBe(d - 1); // the earliest such instant
        const back = subtractOpenTime(cal, due, d)!;
        expect(back).toBeGreaterThanOrEqual(from);
        expect(openTimeBetween(cal, back, due)).toBe(d);
        expect(openTimeBetween(cal, back + 1, due)).toBe(d - 1); // the latest such instant
      }),
      { numRuns: 300 },
    );
  });

  it('open time is additive and never exceeds wall time', () => {
    fc.assert(
      fc.property(instant, duration, duration, (a, x, y) => {
        const total = openTimeBetween(cal, a, a + x + y)!;
        expect(total).toBe(openTimeBetween(cal, a, a + x)! + openTimeBetween(cal, a + x, a + x + y)!);
        expect(total).toBeLessThanOrEqual(x + y);
      }),
      { numRuns: 300 },
    );
  });
});

it('business-hours.ts imports nothing but types (workflow code, no tz data)', () => {
  const source = readFileSync(path.join(__dirname, '../../workflows/business-hours.ts'), 'utf8');
  expect(source).not.toMatch(/^import (?!type )/m);
  expect(source).not.toMatch(/\bIntl\b|new Date|Date\.(now|parse)/);
});
