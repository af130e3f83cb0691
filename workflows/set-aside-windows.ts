/**
 * A type's window that ended while the case was resolved (a merchant's silence, a trace, a departure) is not acted
 * on when the case reopens: what it decides by itself (an advance refund, a reshipment, a climb) rested on a wait
 * the resolution had ended, and is now for the case's manager to decide. Later answers are still taken.
 */
import type { CaseContext } from './case-context';
import type { Deadline } from './deadline';
import { REOPEN_SETS_ASIDE_PASSED_WINDOWS_PATCH, SET_ASIDE_WINDOWS_NOT_DUE_PATCH } from './patches';
import { iso } from './time';

/** Beside a deadline's key in `handledDeadlines`: the window was set aside at that due time, not acted on. */
const SET_ASIDE = '@set-aside';

/** Sets aside the type's windows (`windows`) that ended by `now` and were not acted on. */
export function setAsidePassedWindows(ctx: CaseContext, windows: Deadline[], now: number): void {
  const passed = windows.filter((d) => d.dueAt <= now && ctx.state.handledDeadlines[d.key] !== d.dueAt);
  if (passed.length === 0 || !ctx.versions.has(REOPEN_SETS_ASIDE_PASSED_WINDOWS_PATCH)) return;
  // Marked set aside only under its own patch: the mark adds to the case's record, which a held action is checked on.
  const marked = ctx.versions.has(SET_ASIDE_WINDOWS_NOT_DUE_PATCH);
  for (const d of passed) {
    ctx.state.handledDeadlines[d.key] = d.dueAt;
    if (marked) ctx.state.handledDeadlines[`${d.key}${SET_ASIDE}`] = d.dueAt;
    ctx.record(
      'window_set_aside',
      'system',
      `${d.summary} ended at ${iso(d.dueAt)}, while the case was resolved: not acted on; the manager decides`,
    );
  }
}

/**
 * Whether `d` is a window set aside on reopening: nobody owes anything by it, so it does not lead the owner's queue
 * as the case's most overdue deadline (`nextDueAt`) for as long as the third party stays silent.
 */
export function setAside(ctx: CaseContext, d: Deadline): boolean {
  return ctx.state.handledDeadlines[`${d.key}${SET_ASIDE}`] === d.dueAt;
}
