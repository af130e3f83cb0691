/**
 * The two SLA clocks of a case (DOMAIN.md): the callback SLA while the case awaits its callback, and the
 * resolution commitment while it is worked (paused while it waits on the member). Each clock's deadline breaches
 * it; below the top of the ladder a breach climbs and gives the new owner a fresh window of the same length.
 * A tier's `warnBefore` adds a warning deadline ahead of each due time: once per clock per window, moved by
 * pauses, never for a clock that is met (its deadline is gone then).
 */
import type { CaseContext } from './case-context';
import type { SlaBreach, SlaClockName } from './notices';
import type { Deadline } from './deadline';
import { addOpenTime, openTimeBetween, subtractOpenTime } from './business-hours';
import { OPEN_WORK_STATUSES, type TierPolicy } from './domain';
import {
  COUNT_TOP_BREACH_PATCH,
  NO_WARNING_PAST_DUE_PATCH,
  REWARN_AFTER_DROPPED_WARNING_PATCH,
} from './patches';
import { humanDuration, iso, ms } from './time';

/** Marks an SLA deadline breached at the top of the ladder: not acted on again until a fresh commitment. */
export const SPENT = '@top-level';

const CLOCK_NAMES: Record<SlaClockName, string> = {
  callback: 'callback SLA',
  resolution: 'resolution commitment',
};

/**
 * When `durationMs` of the tier's SLA time has passed after `fromMs`: open time of its business-hours calendar,
 * or wall time for a 24/7 tier. Past the captured calendar's horizon (the workflow keeps it well ahead of now)
 * it counts wall time rather than never falling due.
 */
export function slaDueAfter(tier: TierPolicy, fromMs: number, durationMs: number): number {
  return addOpenTime(tier.calendar ?? null, fromMs, durationMs) ?? fromMs + durationMs;
}

/** The tier's SLA time between two instants: what a pause of the resolution clock really held it for. */
export function slaTimeBetween(tier: TierPolicy, fromMs: number, toMs: number): number {
  return openTimeBetween(tier.calendar ?? null, fromMs, toMs) ?? Math.max(toMs - fromMs, 0);
}

/** How the tier counts its SLAs, for timeline texts: nothing for 24/7. */
/**
 * Ends a pause of the resolution clock (a wait on the member): the paused time is added to its due time and
 * to `pausedMs`. Returns the paused time (0 when the clock was not paused).
 */
export function endResolutionPause(ctx: CaseContext): number {
  const r = ctx.view.sla.resolution;
  if (r.pausedSince === null) return 0;
  const tier = ctx.state.policy.tier;
  const paused = slaTimeBetween(tier, ms(r.pausedSince), ctx.now());
  r.pausedMs += paused;
  if (r.dueAt !== null) r.dueAt = iso(slaDueAfter(tier, ms(r.dueAt), paused));
  r.pausedSince = null;
  delete r.leftWhenPausedMs;
  return paused;
}

export const slaTimeNote = (tier: TierPolicy): string =>
  tier.calendar ? ` of ${tier.calendar.name} business hours` : '';

const windowOf = (ctx: CaseContext, clock: SlaClockName) => ctx.state.slaWindows?.[clock] ?? 0;

/** A fresh window for the clock (after a breach that climbed, or a reopen): it may be warned again. */
export function openWindow(ctx: CaseContext, clock: SlaClockName): void {
  ctx.state.slaWindows = { ...ctx.state.slaWindows, [clock]: windowOf(ctx, clock) + 1 };
}

/** How a warning's timeline entry begins (`isNewestWarning` reads it back). */
const warningWords = (clock: SlaClockName) => `${CLOCK_NAMES[clock]} due at`;

/** Whether `clock` is still to be met: the callback while awaited, the resolution while work is open (paused too). */
const clockOpen = (ctx: CaseContext, clock: SlaClockName) =>
  clock === 'callback'
    ? ctx.view.status === 'awaiting_callback'
    : OPEN_WORK_STATUSES.includes(ctx.view.status);

/** The running clocks with their due times (epoch ms); a paused resolution clock is not running. */
function runningClocks(ctx: CaseContext): [SlaClockName, number, number][] {
  const { view, state } = ctx;
  const tier = state.policy.tier;
  const clocks: [SlaClockName, number, number][] = [];
  if (clockOpen(ctx, 'callback') && view.sla.callback.dueAt !== null) {
    clocks.push(['callback', ms(view.sla.callback.dueAt), tier.callbackSlaMs]);
  }
  const r = view.sla.resolution;
  if (clockOpen(ctx, 'resolution') && r.dueAt !== null && r.pausedSince === null) {
    clocks.push(['resolution', ms(r.dueAt), tier.resolutionSlaMs]);
  }
  return clocks;
}

/** Whether `clock` still runs to `dueAt` and has not reached it: a warning of it would still be true. */
export function clockStillAhead(ctx: CaseContext, clock: SlaClockName, dueAt: number): boolean {
  return dueAt > ctx.now() && runningClocks(ctx).some(([c, d]) => c === clock && d === dueAt);
}

/** The clocks' deadlines: each breach, and each warning not yet given in the clock's window. */
export function slaDeadlines(ctx: CaseContext): Deadline[] {
  const tier = ctx.state.policy.tier;
  // No level in a timer's summary: a climb on request changes it, not the timer.
  const list: Deadline[] = [];
  for (const [clock, dueAt, windowMs] of runningClocks(ctx)) {
    list.push({
      key: clock,
      dueAt,
      summary: `${CLOCK_NAMES[clock]} ${humanDuration(windowMs)}${slaTimeNote(tier)} runs out`,
      fire: () => breach(ctx, clock, windowMs),
    });
    const before = tier.warnBeforeMs?.[clock];
    if (before !== undefined && before > 0 && ctx.state.slaWarned?.[clock] !== windowOf(ctx, clock)) {
      list.push({
        key: `${clock}-warning`,
        dueAt: subtractOpenTime(tier.calendar ?? null, dueAt, before) ?? dueAt - before,
        summary: `${CLOCK_NAMES[clock]} warning, ${humanDuration(before)}${slaTimeNote(tier)} before due`,
        fire: () => warn(ctx, clock, dueAt, before),
      });
    }
  }
  return list;
}

/**
 * A warning dropped unsent (stale-notices.ts: its clock paused or moved, or its owner changed, before a later try):
 * nobody was warned in this window, so the clock is warned again for its due time as it is now, to its owner now.
 * Only the window's own warning counts: one of an earlier window dropped late leaves the current one as it is.
 */
export function warnAgainInWindow(ctx: CaseContext, clock: SlaClockName, key: string): void {
  if (ctx.state.slaWarned?.[clock] !== windowOf(ctx, clock) || !clockOpen(ctx, clock)) return;
  if (!stillToFallDue(ctx, clock) || !isNewestWarning(ctx, clock, key)) return;
  if (!ctx.versions.has(REWARN_AFTER_DROPPED_WARNING_PATCH)) return;
  const { [clock]: _dropped, ...others } = ctx.state.slaWarned;
  ctx.state.slaWarned = others;
  // Handled at its time: a warning whose due time did not move (only the owner changed) would not fire again.
  delete ctx.state.handledDeadlines[`${clock}-warning`];
}

/** Whether `clock` has time left: a paused clock by what it had left when paused (its due time moves on resume). */
function stillToFallDue(ctx: CaseContext, clock: SlaClockName): boolean {
  if (ctx.state.handledDeadlines[`${clock}${SPENT}`]) return false;
  const r = ctx.view.sla.resolution;
  if (clock === 'resolution' && r.pausedSince !== null) return (r.leftWhenPausedMs ?? 0) > 0;
  const dueAt = ctx.view.sla[clock].dueAt;
  return dueAt !== null && ms(dueAt) > ctx.now();
}

/**
 * Whether the warning notified under `key` (`<case>/owner/<timeline length>`, written right after its `sla_warning`
 * entry) is the newest warning of `clock` on the timeline, and so the current window's.
 */
function isNewestWarning(ctx: CaseContext, clock: SlaClockName, key: string): boolean {
  const at = Number(key.slice(key.lastIndexOf('/') + 1));
  const timeline = ctx.view.timeline;
  for (let i = timeline.length - 1; i >= 0; i -= 1) {
    const e = timeline[i]!;
    if (e.kind === 'sla_warning' && e.text.startsWith(warningWords(clock))) return i + 1 === at;
  }
  return false;
}

/** Whether a deadline is one the owner must act on (a warning is not: it only tells them one is near). */
export const isWarning = (d: Deadline) => d.key.endsWith('-warning');

function warn(ctx: CaseContext, clock: SlaClockName, dueAt: number, before: number): void {
  ctx.state.slaWarned = { ...ctx.state.slaWarned, [clock]: windowOf(ctx, clock) };
  // Run late, past the clock's due time: its breach comes next, and "about to breach" would be untrue.
  if (dueAt <= ctx.now() && ctx.versions.has(NO_WARNING_PAST_DUE_PATCH)) return;
  const due = iso(dueAt);
  ctx.record(
    'sla_warning',
    'system',
    `${warningWords(clock)} ${due} (within ${humanDuration(before)}), owner ${ctx.view.assignee.id}`,
  );
  ctx.notify(ctx.view.assignee, `${CLOCK_NAMES[clock]} is about to breach`, 'sla_warning', {
    sla: { clock, dueAt: due },
  });
}

/** A breached SLA: recorded for good; below the top a climb gives the new owner a fresh window. */
function breach(ctx: CaseContext, clock: SlaClockName, windowMs: number): void {
  const sla = ctx.view.sla[clock];
  sla.breached = true;
  const what = CLOCK_NAMES[clock];
  ctx.record('sla_breached', 'system', `${what} breached at level ${ctx.view.escalationLevel}`);
  const breach: SlaBreach = { clock, dueAt: sla.dueAt ?? '', breachedAt: iso(ctx.now()) };
  const freshDue = iso(slaDueAfter(ctx.state.policy.tier, ctx.now(), windowMs));
  if (ctx.climb(`${what} breached`, 'system', { breach, sla: { clock, dueAt: freshDue } })) {
    sla.dueAt = freshDue;
    openWindow(ctx, clock);
  } else {
    // Nobody above to climb to: the breach is recorded once, even if a pause later moves the due time.
    ctx.state.handledDeadlines[`${clock}${SPENT}`] = 1;
    if (ctx.versions.has(COUNT_TOP_BREACH_PATCH)) ctx.state.outbox.push({ kind: 'count_breach', breach });
  }
}
