/** The case's search attributes as the workflow compares them: what it would publish, and what the run started with. */
import { workflowInfo } from '@temporalio/workflow';
import type { CaseView } from './domain';
import { SA, type CaseIndexFields } from './search-attributes';

export function indexFields(v: CaseView, withApprovals: boolean): CaseIndexFields {
  const fields: CaseIndexFields = {
    type: v.type,
    status: v.status,
    tier: v.member.tier,
    assigneeId: v.assignee.id,
    memberId: v.member.id,
    escalationLevel: v.escalationLevel,
    breached: v.sla.callback.breached || v.sla.resolution.breached,
    nextDueAt: v.nextDueAt,
  };
  if (withApprovals) {
    fields.pendingApprovals = v.compensations.filter((c) => c.status === 'pending_approval').length;
  }
  return fields;
}

/** The index the run starts with (set by the API at start, or carried by continue-as-new). */
export function initialIndexFields(): CaseIndexFields | undefined {
  const sa = workflowInfo().typedSearchAttributes;
  const type = sa.get(SA.type);
  if (type === undefined) return undefined;
  const due = sa.get(SA.nextDueAt);
  return {
    type,
    status: sa.get(SA.status) ?? '',
    tier: sa.get(SA.tier) ?? '',
    assigneeId: sa.get(SA.assigneeId) ?? '',
    memberId: sa.get(SA.memberId) ?? '',
    escalationLevel: sa.get(SA.escalationLevel) ?? -1,
    breached: sa.get(SA.breached) ?? false,
    nextDueAt: due === undefined ? null : due.toISOString(),
    pendingApprovals: sa.get(SA.pendingApprovals),
  };
}

/** The key `publish` compares with; an absent `CasePendingApprovals` counts as none (the API starts without it). */
export function indexKey(fields: CaseIndexFields | undefined, withApprovals: boolean): string | undefined {
  if (fields === undefined) return undefined;
  const { pendingApprovals, ...rest } = fields;
  return JSON.stringify(withApprovals ? { ...rest, pendingApprovals: pendingApprovals ?? 0 } : rest);
}
