/**
 * Whether a tier's SLAs fit in its business-hours calendar. A case keeps its calendar resolved only so far ahead
 * of now (`CALENDAR_KEEP_AHEAD_MS`), and an SLA that falls due beyond what is resolved is counted in wall-clock
 * time: a sparse calendar (two open hours a week against a 72 h commitment) would breach its cases days early,
 * silently. So the policy refuses a calendar whose open time in some such window of the coming year is shorter
 * than the tier's longest SLA.
 */
import { CALENDAR_KEEP_AHEAD_MS, type CalendarDefinition } from '../workflows/business-hours';
import { openIntervals } from './calendars';

const DAY = 24 * 60 * 60 * 1000;
const YEAR = 366 * DAY;

/** The window of the coming year with the least open time: where it starts, and how much it holds. */
export function leastOpenWindow(
  calendar: CalendarDefinition,
  nowMs: number,
  windowMs = CALENDAR_KEEP_AHEAD_MS,
): { fromMs: number; openMs: number } {
  const intervals = openIntervals(calendar, nowMs, nowMs + YEAR + windowMs);
  let least = { fromMs: nowMs, openMs: Infinity };
  let first = 0;
  for (let from = nowMs; from < nowMs + YEAR; from += DAY) {
    const to = from + windowMs;
    while (first < intervals.length && intervals[first]![1] <= from) first += 1;
    let open = 0;
    for (let i = first; i < intervals.length && intervals[i]![0] < to; i += 1) {
      const [s, e] = intervals[i]!;
      open += Math.min(e, to) - Math.max(s, from);
    }
    if (open < least.openMs) least = { fromMs: from, openMs: open };
  }
  return least;
}
