/**
 * The business-hours activity: a calendar's open time beyond the horizon captured with a case.
 * Time-zone data is read here, never in workflow code; the answer (UTC instants) is recorded in the case's
 * history, so a replay uses it as recorded, whatever the tz database of the replaying worker.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { calendarSpan, capturedCalendarSchema } from '../config/calendars';
import type { CalendarDefinition, CalendarSpan } from '../workflows/business-hours';

export interface CalendarIntervalsInput {
  /** The calendar's definition as captured with the case (`CapturedCalendar.definition`). */
  calendar: CalendarDefinition;
  fromMs: number;
  toMs: number;
}

/** At most this much at a time (the workflow asks for one horizon, 120 days, per extension). */
const MAX_SPAN_MS = 400 * 24 * 60 * 60 * 1000;

/** No edges to call: built like the other activities so the worker composes them the same way. */
export function createCalendarActivities() {
  return {
    /** The open time over [fromMs, toMs). Pure computation: safe to run again. Bad input is not retried. */
    async calendarIntervals({ calendar, fromMs, toMs }: CalendarIntervalsInput): Promise<CalendarSpan> {
      // The calendar as captured with the case: the rules of its opening, not today's policy file's.
      const parsed = capturedCalendarSchema.safeParse(calendar);
      if (!parsed.success) {
        throw ApplicationFailure.nonRetryable(
          `calendar is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          'InvalidCalendar',
        );
      }
      if (
        !Number.isFinite(fromMs) ||
        !Number.isFinite(toMs) ||
        toMs < fromMs ||
        toMs - fromMs > MAX_SPAN_MS
      ) {
        throw ApplicationFailure.nonRetryable(
          `cannot resolve open time from ${fromMs} to ${toMs}: at most ${MAX_SPAN_MS} ms forward`,
          'InvalidCalendarSpan',
        );
      }
      return calendarSpan(parsed.data, fromMs, toMs);
    },
  };
}

export type CalendarActivities = ReturnType<typeof createCalendarActivities>;
