/**
 * Business-hours calendars of the policy (DOMAIN.md, "Business-hours calendars"): their schema, and their open
 * time resolved to UTC instants with the runtime's time-zone data (Intl).
 *
 * Not workflow code. It runs where tz data may differ between hosts without harm: in the API when a case opens
 * (the open time of a horizon is captured with the case's policy, hence recorded in its history) and in the
 * `calendarIntervals` activity when a case outlives that horizon (the answer is recorded too). The workflow
 * only adds and subtracts the recorded instants (workflows/business-hours.ts), so a replay never depends on the
 * tz database of the worker that replays it.
 */
import { z } from 'zod';
import {
  CALENDAR_HORIZON_MS,
  mergeIntervals,
  WEEKDAYS,
  type CalendarDefinition,
  type CalendarSpan,
  type CapturedCalendar,
  type OpenInterval,
  type Weekday,
} from '../workflows/business-hours';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const HOURS = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** "09:00-18:00" as minutes of the day, [540, 1080]; "18:00-24:00" ends at 1440. */
export function parseHours(text: string): [startMinute: number, endMinute: number] | undefined {
  const m = HOURS.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = m[5] ? 1440 : Number(m[3]) * 60 + Number(m[4]);
  return [start, end];
}

const dayHoursSchema = z.array(z.string()).superRefine((list, ctx) => {
  let previousEnd = -1;
  list.forEach((text, i) => {
    const parsed = parseHours(text);
    if (!parsed) {
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `"${text}" is not opening hours like "09:00-18:00" (24:00 only as an end)`,
      });
      return;
    }
    const [start, end] = parsed;
    if (start >= end) {
      ctx.addIssue({ code: 'custom', path: [i], message: `"${text}" must end after it starts` });
    } else if (start < previousEnd) {
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `"${text}" overlaps or precedes the interval before it: list a day's intervals in order`,
      });
    }
    previousEnd = Math.max(previousEnd, end);
  });
});

/**
 * An IANA region/city name ("Asia/Shanghai") or UTC. Abbreviations and offsets are refused although the runtime
 * knows some: "CST" is Chicago's to it, "EST" Panama's, and "Etc/GMT+8" is eight hours *behind* UTC.
 */
const REGION_CITY =
  /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/;

/** UTC by its unambiguous names (a container's TZ is often Etc/UTC). */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);

function runtimeKnows(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().superRefine((timeZone, ctx) => {
  if (!runtimeKnows(timeZone) || !(UTC_NAMES.has(timeZone) || REGION_CITY.test(timeZone))) {
    ctx.addIssue({
      code: 'custom',
      message: `"${timeZone}" is not a time zone this runtime knows by an IANA region/city name such as "Asia/Shanghai" (or "UTC"); abbreviations, legacy links and Etc/ offsets are ambiguous`,
    });
  }
});

const holidaySchema = z.string().refine((text) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}, 'a holiday is a local date "YYYY-MM-DD"');

/**
 * A time zone as calendars captured before the region/city rule held it: any name the runtime knows. A case keeps
 * the calendar it opened with, so its later open time is resolved by this rule, not refused by today's.
 */
const capturedTimeZoneSchema = z.string().refine(runtimeKnows, {
  error: (issue) => `"${String(issue.input)}" is not a time zone this runtime knows`,
});

const calendarSchemaWith = (timeZone: z.ZodType<string>) =>
  z
    .object({
      timeZone,
      hours: z
        .object(
          Object.fromEntries(WEEKDAYS.map((day) => [day, dayHoursSchema.optional()])) as Record<
            Weekday,
            z.ZodOptional<typeof dayHoursSchema>
          >,
        )
        .strict(),
      holidays: z.array(holidaySchema).default([]),
    })
    .strict()
    .superRefine((c, ctx) => {
      if (!WEEKDAYS.some((day) => (c.hours[day]?.length ?? 0) > 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hours'],
          message: 'a calendar must open on at least one weekday',
        });
      }
    })
    .transform((c): CalendarDefinition => c);

/** A calendar in the policy file: its time zone by an unambiguous region/city name. */
export const calendarSchema = calendarSchemaWith(timeZoneSchema);

/** A calendar captured with a case, under whichever rules held when it opened (the calendarIntervals activity). */
export const capturedCalendarSchema = calendarSchemaWith(capturedTimeZoneSchema);

export const calendarsSchema = z.record(z.string().min(1), calendarSchema);

// ---------------------------------------------------------------------------------------------------------------
// Time-zone offsets from Intl

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at instant `t` (local wall clock minus UTC), in ms. */
function offsetAt(timeZone: string, t: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(t)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const local = new Date(0);
  local.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
  local.setUTCHours(parts.hour!, parts.minute!, parts.second!, 0);
  return local.getTime() - Math.floor(t / 1000) * 1000;
}

/** A stretch of time over which the zone keeps one offset: [start, end). */
interface Segment {
  start: number;
  end: number;
  offset: number;
}

const SAMPLE_STEP = 6 * 60 * MINUTE;

/**
 * The zone's offsets over [fromMs, toMs) as segments between transitions. Offsets are sampled every 6 hours and
 * each change is located to the millisecond by bisection; this assumes a zone never changes its offset twice
 * within 6 hours (real transitions are weeks or months apart).
 */
function offsetSegments(timeZone: string, fromMs: number, toMs: number): Segment[] {
  const segments: Segment[] = [];
  let start = fromMs;
  let t = fromMs;
  let offset = offsetAt(timeZone, t);
  while (t < toMs) {
    const next = Math.min(t + SAMPLE_STEP, toMs);
    const nextOffset = offsetAt(timeZone, next);
    if (nextOffset !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      segments.push({ start, end: hi, offset });
      start = hi;
      offset = offsetAt(timeZone, hi);
    }
    t = next;
  }
  segments.push({ start, end: Math.max(toMs, start + 1), offset });
  return segments;
}

/**
 * The first instant whose local wall-clock time is at or after `local` (a local time written as if it were UTC):
 * the instant itself when it exists once; the earlier one when the clocks fall back and it happens twice; the
 * transition instant when the clocks spring forward over it (02:30 on the night of 02:00 -> 03:00 is 03:00).
 */
function localToUtc(segments: readonly Segment[], local: number): number {
  let best = Infinity;
  for (const seg of segments) {
    const candidate = Math.max(seg.start, local - seg.offset);
    if (candidate < seg.end && candidate < best) best = candidate;
  }
  if (best === Infinity) throw new RangeError(`local time ${local} is outside the resolved time-zone window`);
  return best;
}

/**
 * The first instant of the local date `date` ("YYYY-MM-DD") in `timeZone`: its midnight there, or the first
 * instant of the day that exists when the clocks spring forward over midnight.
 */
export function startOfLocalDay(timeZone: string, date: string): number {
  const local = Date.parse(`${date}T00:00:00Z`);
  return localToUtc(offsetSegments(timeZone, local - 2 * DAY, local + 2 * DAY), local);
}

function offsetIn(segments: readonly Segment[], t: number): number {
  const seg = segments.find((s) => s.start <= t && t < s.end) ?? segments[segments.length - 1]!;
  return seg.offset;
}

/** The longest stretch resolved in one call (an activity asks for a horizon at a time). */
const MAX_SPAN_MS = 800 * DAY;

/**
 * The calendar's open time between two instants, as UTC epoch-ms intervals clipped to [fromMs, toMs), sorted and
 * merged (an interval ending at 24:00 joins the next day's 00:00 start). Local times are resolved with the
 * runtime's tz data: opening hours that fall in a spring-forward gap start (or end) at the first instant that
 * exists after them; those that happen twice when clocks fall back take the earlier instant. Holidays close
 * their whole local day; an interval ending at 24:00 the evening before a holiday still ends at its midnight.
 */
export function openIntervals(calendar: CalendarDefinition, fromMs: number, toMs: number): OpenInterval[] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new RangeError('instants must be finite');
  if (toMs <= fromMs) return [];
  if (toMs - fromMs > MAX_SPAN_MS) throw new RangeError(`at most ${MAX_SPAN_MS / DAY} days at a time`);
  const segments = offsetSegments(calendar.timeZone, fromMs - 3 * DAY, toMs + 3 * DAY);
  const holidays = new Set(calendar.holidays);
  const firstDay = Math.floor((fromMs + offsetIn(segments, fromMs)) / DAY);
  const lastDay = Math.floor((toMs + offsetIn(segments, toMs)) / DAY);
  const found: OpenInterval[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const midnight = day * DAY;
    if (holidays.has(new Date(midnight).toISOString().slice(0, 10))) continue;
    const weekday = WEEKDAYS[(((day + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
    for (const text of calendar.hours[weekday] ?? []) {
      const [startMinute, endMinute] = parseHours(text) ?? [0, 0];
      const start = Math.max(fromMs, localToUtc(segments, midnight + startMinute * MINUTE));
      const end = Math.min(toMs, localToUtc(segments, midnight + endMinute * MINUTE));
      if (end > start) found.push([start, end]);
    }
  }
  return mergeIntervals(found);
}

/** The calendar's open time over [fromMs, toMs): the answer of the `calendarIntervals` activity. */
export function calendarSpan(calendar: CalendarDefinition, fromMs: number, toMs: number): CalendarSpan {
  return { fromMs, toMs, intervals: openIntervals(calendar, fromMs, toMs) };
}

/** A calendar captured with a case opening at `nowMs`: its definition and its open time up to the horizon. */
export function captureCalendar(
  name: string,
  definition: CalendarDefinition,
  nowMs: number,
  horizonMs: number = CALENDAR_HORIZON_MS,
): CapturedCalendar {
  const horizonEndMs = nowMs + horizonMs;
  return {
    name,
    definition: structuredClone(definition),
    fromMs: nowMs,
    intervals: openIntervals(definition, nowMs, horizonEndMs),
    horizonEndMs,
  };
}
