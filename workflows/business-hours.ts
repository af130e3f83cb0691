/**
 * Business-hours arithmetic on a calendar captured with the case (DOMAIN.md, "Business-hours calendars").
 *
 * Workflow code: pure and deterministic. It never reads time-zone data: the calendar's open time was resolved to
 * UTC instants outside the workflow (config/calendars.ts, in the API when the case opened or in the
 * `calendarIntervals` activity), and recorded in the case's history. Here we only add and subtract epoch
 * milliseconds, so every worker replays a case the same way, whatever its tz database says today.
 *
 * A null calendar is 24/7: every function is then plain wall-clock arithmetic.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A calendar as the policy file states it (validated by config/calendars.ts). */
export interface CalendarDefinition {
  /** IANA time zone, e.g. "Asia/Shanghai". */
  timeZone: string;
  /** Opening hours per weekday, e.g. `["09:00-12:00", "13:00-18:00"]`; a day absent or empty is closed. */
  hours: Partial<Record<Weekday, string[]>>;
  /** Local dates (`YYYY-MM-DD`) on which the calendar stays closed all day. */
  holidays: string[];
}

/** Open time as UTC epoch milliseconds, start inclusive, end exclusive. */
export type OpenInterval = [startMs: number, endMs: number];

/** The open time of a calendar over a stretch of time: what the `calendarIntervals` activity answers. */
export interface CalendarSpan {
  fromMs: number;
  toMs: number;
  /** Sorted, disjoint, not touching, all within [fromMs, toMs). */
  intervals: OpenInterval[];
}

/** A calendar captured with the case: its definition, and its open time from `fromMs` up to `horizonEndMs`. */
export interface CapturedCalendar {
  /** The key of `calendars` in the policy. */
  name: string;
  /** Kept so that the open time beyond the horizon can be resolved later by the activity. */
  definition: CalendarDefinition;
  /** When the capture starts (the case's opening); before it, time counts as wall-clock time. */
  fromMs: number;
  /** Sorted, disjoint, not touching, all within [fromMs, horizonEndMs). */
  intervals: OpenInterval[];
  /** Open time is known up to here; answers that need time beyond it are `undefined` (extend, then ask again). */
  horizonEndMs: number;
}

/** How far ahead a calendar's open time is resolved when a case opens, and per extension. */
export const CALENDAR_HORIZON_MS = 120 * 24 * 60 * 60 * 1000;
/**
 * A case with a business-hours calendar keeps at least this much of it resolved ahead of now (calendar-upkeep.ts):
 * an SLA counted from now must fall due within it, or it is counted in wall-clock time (config/calendar-fit.ts).
 */
export const CALENDAR_KEEP_AHEAD_MS = 60 * 24 * 60 * 60 * 1000;

/** Sorts intervals and joins those that overlap or touch (18:00-24:00 then 00:00-09:00 is one interval). */
export function mergeIntervals(intervals: readonly OpenInterval[]): OpenInterval[] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: OpenInterval[] = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** Index of the first interval that ends after `t` (intervals are sorted and disjoint). */
export function firstEndingAfter(intervals: readonly OpenInterval[], t: number): number {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (intervals[mid]![1] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many intervals start before `t`. */
function countStartingBefore(intervals: readonly OpenInterval[], t: number): number {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (intervals[mid]![0] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The instant at which `durationMs` of open time has elapsed after `fromMs` (the earliest such instant: a
 * deadline lands at the end of an open interval rather than at the next opening). `undefined` when it falls
 * beyond the calendar's horizon: extend the calendar and ask again.
 */
export function addOpenTime(
  cal: CapturedCalendar | null,
  fromMs: number,
  durationMs: number,
): number | undefined {
  if (cal === null) return fromMs + durationMs;
  if (durationMs <= 0) return fromMs;
  let remaining = durationMs;
  let t = fromMs;
  if (t < cal.fromMs) {
    const wall = cal.fromMs - t;
    if (remaining <= wall) return t + remaining;
    remaining -= wall;
    t = cal.fromMs;
  }
  for (let i = firstEndingAfter(cal.intervals, t); i < cal.intervals.length; i++) {
    const [s, e] = cal.intervals[i]!;
    const start = Math.max(s, t);
    if (remaining <= e - start) return start + remaining;
    remaining -= e - start;
  }
  return undefined;
}

/**
 * The open time in [fromMs, toMs), e.g. what a pause of the resolution clock really cost: a pause across a
 * closed night costs only the open time it covered. `undefined` when `toMs` is beyond the horizon.
 */
export function openTimeBetween(
  cal: CapturedCalendar | null,
  fromMs: number,
  toMs: number,
): number | undefined {
  if (toMs <= fromMs) return 0;
  if (cal === null) return toMs - fromMs;
  if (toMs > cal.horizonEndMs) return undefined;
  let total = Math.max(0, Math.min(toMs, cal.fromMs) - fromMs);
  for (let i = firstEndingAfter(cal.intervals, fromMs); i < cal.intervals.length; i++) {
    const [s, e] = cal.intervals[i]!;
    if (s >= toMs) break;
    total += Math.min(e, toMs) - Math.max(s, fromMs);
  }
  return total;
}

/**
 * The latest instant that leaves `durationMs` of open time before `dueMs`: where an SLA warning given
 * "`warnBefore` ahead of its due time" falls. Warnings count in open time, like the SLA they warn about: the owner
 * is told while the calendar is open and gets `warnBefore` of working time to act (a wall-clock warning an hour
 * before a Monday 09:30 deadline would ring at 08:30, before anyone is in). With a 09:00-18:00 calendar, 1 h
 * before Monday 10:00 is Monday 09:00, and 2 h before it is Friday 17:00.
 * If the open time captured before `dueMs` is shorter than `durationMs`, the answer is before the capture began
 * (the case's opening), i.e. already past: warn at once. `undefined` when `dueMs` is beyond the horizon.
 */
export function subtractOpenTime(
  cal: CapturedCalendar | null,
  dueMs: number,
  durationMs: number,
): number | undefined {
  if (cal === null) return dueMs - durationMs;
  if (durationMs <= 0) return dueMs;
  if (dueMs > cal.horizonEndMs) return undefined;
  let remaining = durationMs;
  for (let i = countStartingBefore(cal.intervals, dueMs) - 1; i >= 0; i--) {
    const [s, e] = cal.intervals[i]!;
    const end = Math.min(e, dueMs);
    if (remaining <= end - s) return end - remaining;
    remaining -= end - s;
  }
  return Math.min(dueMs, cal.fromMs) - remaining;
}

/**
 * The calendar with more open time resolved (the `calendarIntervals` activity's answer): its horizon moves to
 * `more.toMs`. `more` must start at or before the current horizon, or time between would stay unknown.
 */
export function extendCalendar(cal: CapturedCalendar, more: CalendarSpan): CapturedCalendar {
  if (more.fromMs > cal.horizonEndMs) {
    throw new RangeError(
      `calendar ${cal.name}: an extension from ${more.fromMs} leaves a gap after the horizon ${cal.horizonEndMs}`,
    );
  }
  if (more.toMs <= cal.horizonEndMs) return cal;
  const fresh = more.intervals
    .map(([s, e]): OpenInterval => [Math.max(s, cal.horizonEndMs), Math.min(e, more.toMs)])
    .filter(([s, e]) => e > s);
  return {
    ...cal,
    intervals: mergeIntervals([...cal.intervals.map((i): OpenInterval => [i[0], i[1]]), ...fresh]),
    horizonEndMs: more.toMs,
  };
}
