/**
 * A notification that could not be sent when it was raised (a pager down) goes out later only while it is still
 * true. An owner change or a warning is for the person who owns the case: once someone else does (an escalation,
 * a reassignment since), it would send the former owner to a case that is not theirs. A warning says a clock is
 * about to breach: once the clock fell due, was met, paused or moved, it would be untrue (DOMAIN.md: "none once
 * the clock is met"). An approval request is for its approver, whoever owns the case, while the compensation waits
 * for that approver: once it was decided, cancelled, or handed to another approver (approval-handover.ts), it would
 * ask for a decision that is no longer theirs to make.
 */
import { approverFor } from './approval';
import { compensationAsked } from './approval-requests';
import type { CaseContext, EngineContext } from './case-context';
import type { NotifyTrigger, OwnerChange } from './notices';
import { DROP_STALE_APPROVAL_REQUESTS_PATCH, DROP_STALE_NOTICES_PATCH } from './patches';
import { clockStillAhead, warnAgainInWindow } from './sla-clocks';

const FOR_THE_OWNER: readonly NotifyTrigger[] = ['assigned', 'escalation', 'reassignment', 'sla_warning'];

/** Why `change` is no longer true, or undefined while it is. */
export function noLongerTrue(ctx: CaseContext, change: OwnerChange): string | undefined {
  if (change.trigger === undefined || !FOR_THE_OWNER.includes(change.trigger)) return undefined;
  if (ctx.view.assignee.id !== change.owner.id) return `${change.owner.id} no longer owns the case`;
  const sla = change.sla;
  if (change.trigger === 'sla_warning' && sla && !clockStillAhead(ctx, sla.clock, Date.parse(sla.dueAt)))
    return `the ${sla.clock} SLA due at ${sla.dueAt} is no longer ahead (it fell due, was met, paused or moved)`;
  return undefined;
}

/** Why the approval request `change` no longer asks its approver anything, or undefined while it does. */
function approvalNoLongerAsked(engine: EngineContext, change: OwnerChange): string | undefined {
  const id = compensationAsked(change);
  if (id === undefined) return undefined;
  const comp = engine.view.compensations.find((c) => c.id === id);
  if (!comp || comp.status !== 'pending_approval') return `${id} no longer waits for approval`;
  if (approverFor(engine, comp).id !== change.owner.id) return `${change.owner.id} no longer approves ${id}`;
  return undefined;
}

function whyStale(engine: EngineContext, change: OwnerChange): string | undefined {
  const why = noLongerTrue(engine, change);
  if (why !== undefined) return engine.versions.has(DROP_STALE_NOTICES_PATCH) ? why : undefined;
  const unasked = approvalNoLongerAsked(engine, change);
  return unasked !== undefined && engine.versions.has(DROP_STALE_APPROVAL_REQUESTS_PATCH)
    ? unasked
    : undefined;
}

/**
 * Whether a notification that could not be sent is dropped as no longer true, recorded on the timeline (ids and
 * clocks only). A case of a version before these rules sends it as it did.
 */
export function droppedAsStale(engine: EngineContext, change: OwnerChange): boolean {
  const why = whyStale(engine, change);
  if (why === undefined) return false;
  engine.record(
    'notification_dropped',
    'system',
    `did not send ${change.owner.id} the ${change.trigger ?? 'owner change'} notification: ${why}`,
  );
  if (change.trigger === 'sla_warning' && change.sla) warnAgainInWindow(engine, change.sla.clock, change.key);
  return true;
}
