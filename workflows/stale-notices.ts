/**
 * A notification that could not be sent when it was raised (a pager down) goes out later only while it is still
 * true. An owner change or a warning is for the person who owns the case: once someone else does (an escalation,
 * a reassignment since), it would send the former owner to a case that is not theirs. A warning says a clock is
 * about to breach: once the clock fell due, was met, paused or moved, it would be untrue (DOMAIN.md: "none once
 * the clock is met"). An approval request is for its approver, whoever owns the case, and always goes.
 */
import type { CaseContext } from './case-context';
import type { NotifyTrigger, OwnerChange } from './notices';
import { DROP_STALE_NOTICES_PATCH } from './patches';
import { clockStillAhead } from './sla-clocks';

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

/**
 * Whether a notification that could not be sent is dropped as no longer true, recorded on the timeline (ids and
 * clocks only). A case of a version before this rule sends it as it did.
 */
export function droppedAsStale(ctx: CaseContext, change: OwnerChange): boolean {
  const why = noLongerTrue(ctx, change);
  if (why === undefined || !ctx.versions.has(DROP_STALE_NOTICES_PATCH)) return false;
  ctx.record(
    'notification_dropped',
    'system',
    `did not send ${change.owner.id} the ${change.trigger ?? 'owner change'} notification: ${why}`,
  );
  return true;
}
