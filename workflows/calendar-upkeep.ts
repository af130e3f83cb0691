/**
 * Keeping a case's business-hours calendar resolved ahead of now: the open hours come from an activity (time-zone
 * data lives outside the workflow). If it fails for good, the case lives on: SLA arithmetic past the horizon falls
 * back to wall-clock time until a later try succeeds.
 */
import { log } from '@temporalio/workflow';
import { CALENDAR_KEEP_AHEAD_MS } from './business-hours';
import type { CaseState } from './case-state';
import type { Deadline } from './deadline';
import { extendedCalendar } from './effects';

/** After an extension failed for good (its activity's retries spent), the next try waits this long. */
const CALENDAR_RETRY_MS = 60 * 60 * 1000;
/** Past the instant the calendar becomes due, so that `due` holds when the wake timer fires. */
const WAKE_MARGIN_MS = 1000;

export class CalendarUpkeep {
  private nextTryMs = 0;
  /** An extension under way beside the case's work (`extendBeside`). */
  private extending = false;

  /**
   * Whether the calendar runs out within the keep-ahead and may be tried now. Synchronous on purpose: the case's
   * loop awaits nothing else before arming its timers, and an await here would reorder its commands.
   */
  due(state: CaseState): boolean {
    const calendar = state.policy.tier.calendar;
    const now = Date.now();
    return (
      calendar != null &&
      !this.extending &&
      calendar.horizonEndMs - now < CALENDAR_KEEP_AHEAD_MS &&
      now >= this.nextTryMs
    );
  }

  /**
   * A timer that wakes an idle case (waiting on the member for months, say) to extend its calendar: without one,
   * the case would resume past its horizon and count its SLAs in wall-clock time. None while another deadline
   * wakes the case first, or while an extension runs (its end wakes the case). `allowed` is the patch check, asked only when the timer is needed.
   */
  wake(state: CaseState, deadlines: readonly Deadline[], allowed: () => boolean): Deadline | undefined {
    const calendar = state.policy.tier.calendar;
    if (calendar == null || this.extending) return undefined;
    const dueAt = Math.max(calendar.horizonEndMs - CALENDAR_KEEP_AHEAD_MS + WAKE_MARGIN_MS, this.nextTryMs);
    if (deadlines.some((d) => d.dueAt <= dueAt) || !allowed()) return undefined;
    return { key: 'calendar-upkeep', dueAt, summary: 'extend the business-hours calendar', fire: () => {} };
  }

  /**
   * Extends the calendar (when `due`) beside the case's work: its activity may be retried for minutes, and the
   * case's clocks fall due and its actions take effect meanwhile. `track` holds it among the work in flight
   * (continue-as-new waits for it, and the loop wakes when it ends).
   */
  extendBeside(state: CaseState, track: (id: string, work: Promise<void>) => void): void {
    this.extending = true;
    track(
      'calendar-upkeep',
      this.extend(state).finally(() => {
        this.extending = false;
      }),
    );
  }

  /** Extends the calendar (when `due`); a failure is logged and tried again later. */
  async extend(state: CaseState): Promise<void> {
    const calendar = state.policy.tier.calendar;
    if (!calendar) return;
    try {
      state.policy.tier.calendar = await extendedCalendar(calendar);
    } catch (err) {
      this.nextTryMs = Date.now() + CALENDAR_RETRY_MS;
      log.error('the business-hours calendar could not be extended; trying again later', {
        caseId: state.view.id,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}
