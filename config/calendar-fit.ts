/**
 * Whether a tier's SLAs fit in its business-hours calendar. A case keeps its calendar resolved only so far ahead
 * of now (`CALENDAR_KEEP_AHEAD_MS`), and an SLA that falls due beyond what is resolved is counted in wall-clock
 * time: a sparse calendar (two open hours a week against a 72 h commitment) would breach its cases days early,
 * silently. So the policy refuses a calendar whose open time in some such window of the coming year is shorter
 * than the tier's longest SLA.
 */
import {
  CALENDAR_KEEP_AHEAD_MS,
  firstEndingAfter,
  type CalendarDefinition,
} from '../workflows/business-hours';
import { calendarSchema, openIntervals } from './calendars';

const YEAR = 366 * 24 * 60 * 60 * 1000;

/**
 * The window of the coming year with the least open time: where it starts, and how much it holds; undefined for a
 * calendar that is not valid (its own errors are reported where it is defined).
 */
export function leastOpenWindow(
  calendar: CalendarDefinition,
  nowMs: number,
  windowMs = CALENDAR_KEEP_AHEAD_MS,
): { fromMs: number; openMs: number } | undefined {
  if (!calendarSchema.safeParse(calendar).success) return undefined;
  const intervals = openIntervals(calendar, nowMs, nowMs + YEAR + windowMs);
  // open time before each interval's start, so that the open time up to any instant is one search away
  const before: number[] = [0];
  for (const [s, e] of intervals) before.push(before.at(-1)! + (e - s));
  const openUntil = (t: number): number => {
    const i = firstEndingAfter(intervals, t);
    return before[i]! + (i < intervals.length ? Math.max(0, t - intervals[i]![0]) : 0);
  };
  // The open time of [t, t + window) falls while t leaves an open interval and rises while t + window enters one:
  // its least values are where t is an interval's end, or t + window an interval's start, or at the year's ends.
  const candidates = [nowMs, nowMs + YEAR - 1, ...intervals.flatMap(([s, e]) => [e, s - windowMs])].filter(
    (t) => t >= nowMs && t < nowMs + YEAR,
  );
  let least = { fromMs: nowMs, openMs: Infinity };
  for (const t of candidates) {
    const open = openUntil(t + windowMs) - openUntil(t);
    if (open < least.openMs) least = { fromMs: t, openMs: open };
  }
  return least;
}
