/**
 * A case reassigned to a manager starts again at the foot of that manager's ladder (DOMAIN.md, "Escalation ladder":
 * level 0 is the dedicated manager, and a climb hands the case one level up from its owner). Kept at its level, a
 * case the head handed to a manager stayed at level 3: it could not be escalated, and its breaches told nobody;
 * from level 1 or 2, its next breach skipped the new manager's backup or supervisor. A clock that breached at the
 * top gets a fresh window, as a climb gives its new owner one, and so does an approval that timed out there.
 */
import type { CaseContext } from './case-context';
import { OPEN_WORK_STATUSES } from './domain';
import type { SlaClockName } from './notices';
import { REASSIGN_RESTARTS_LADDER_PATCH } from './patches';
import { openWindow, slaDueAfter, slaTimeNote, SPENT } from './sla-clocks';
import { humanDuration, iso, ms } from './time';

/** The clocks that breached at the top of the ladder and still run: their deadlines are spent. */
function spentClocks(ctx: CaseContext): SlaClockName[] {
  const { view, state } = ctx;
  const spent = (clock: SlaClockName) => state.handledDeadlines[`${clock}${SPENT}`] !== undefined;
  const clocks: SlaClockName[] = [];
  if (view.status === 'awaiting_callback' && spent('callback')) clocks.push('callback');
  if (OPEN_WORK_STATUSES.includes(view.status) && view.sla.resolution.dueAt !== null && spent('resolution'))
    clocks.push('resolution');
  return clocks;
}

/**
 * Puts the case back at level 0 (its new manager's) and gives each spent clock a fresh window; returns what the
 * timeline says of it ('' when the case was at level 0 with no clock spent, or of a version before this rule).
 */
export function restartLadder(ctx: CaseContext): string {
  const from = ctx.view.escalationLevel;
  const clocks = spentClocks(ctx);
  if ((from === 0 && clocks.length === 0) || !ctx.versions.has(REASSIGN_RESTARTS_LADDER_PATCH)) return '';
  ctx.view.escalationLevel = 0;
  const tier = ctx.state.policy.tier;
  const notes = from > 0 ? [`back to level 0 from level ${from}`] : [];
  for (const clock of clocks) {
    const windowMs = clock === 'callback' ? tier.callbackSlaMs : tier.resolutionSlaMs;
    const sla = ctx.view.sla[clock];
    const pausedSince = clock === 'resolution' ? ctx.view.sla.resolution.pausedSince : null;
    // A paused commitment's fresh window starts where the pause did: the pause's end moves it on by the time paused.
    sla.dueAt = iso(slaDueAfter(tier, pausedSince === null ? ctx.now() : ms(pausedSince), windowMs));
    if (pausedSince !== null) ctx.view.sla.resolution.leftWhenPausedMs = windowMs;
    delete ctx.state.handledDeadlines[`${clock}${SPENT}`];
    openWindow(ctx, clock);
    notes.push(
      `fresh ${clock === 'callback' ? 'callback SLA' : 'resolution commitment'} of ${humanDuration(windowMs)}${slaTimeNote(tier)}`,
    );
  }
  // An approval that timed out at the top climbed nowhere: on the new ladder it climbs again when it waits too long.
  for (const c of ctx.view.compensations) {
    if (c.status !== 'pending_approval' || c.approvalDueAt === null) continue;
    if (ctx.state.handledDeadlines[`approval:${c.id}`] !== ms(c.approvalDueAt)) continue;
    c.approvalDueAt = iso(ctx.now() + ctx.state.policy.approvalTimeoutMs);
    notes.push(`fresh approval window for ${c.id}`);
  }
  return `; ${notes.join('; ')}`;
}
