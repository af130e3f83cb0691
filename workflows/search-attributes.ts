/**
 * Custom search attributes of a case, as shown in the Temporal UI and used by list queries.
 * No names or other personal data: ids, enums and numbers only. The one definition of their names and types:
 * the dev server's flags and the operator-service registration (platform/search-attribute-registration.ts)
 * are derived from it.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

export const SA = {
  type: defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  tier: defineSearchAttributeKey('CaseTier', SearchAttributeType.KEYWORD),
  assigneeId: defineSearchAttributeKey('CaseAssigneeId', SearchAttributeType.KEYWORD),
  memberId: defineSearchAttributeKey('CaseMemberId', SearchAttributeType.KEYWORD),
  escalationLevel: defineSearchAttributeKey('CaseEscalationLevel', SearchAttributeType.INT),
  breached: defineSearchAttributeKey('CaseBreached', SearchAttributeType.BOOL),
  nextDueAt: defineSearchAttributeKey('CaseNextDueAt', SearchAttributeType.DATETIME),
  /** Compensations waiting for approval; absent on a case that never had one (and before the approvals index). */
  pendingApprovals: defineSearchAttributeKey('CasePendingApprovals', SearchAttributeType.INT),
} as const;

/** Every case search attribute: what the dev server starts with and what a cluster must have registered. */
export const CASE_SEARCH_ATTRIBUTES: readonly (typeof SA)[keyof typeof SA][] = Object.values(SA);

export interface CaseIndexFields {
  type: string;
  status: string;
  tier: string;
  assigneeId: string;
  memberId: string;
  escalationLevel: number;
  breached: boolean;
  nextDueAt: string | null;
  /** Kept by cases with the approvals index (patches.ts); undefined: not indexed. */
  pendingApprovals?: number;
}

/** The search attribute values of a case; set at start by the API and kept current by the workflow. */
export function caseSearchAttributes(f: CaseIndexFields): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: SA.type, value: f.type },
    { key: SA.status, value: f.status },
    { key: SA.tier, value: f.tier },
    { key: SA.assigneeId, value: f.assigneeId },
    { key: SA.memberId, value: f.memberId },
    { key: SA.escalationLevel, value: f.escalationLevel },
    { key: SA.breached, value: f.breached },
  ];
  if (f.nextDueAt !== null) pairs.push({ key: SA.nextDueAt, value: new Date(f.nextDueAt) });
  if (f.pendingApprovals !== undefined) pairs.push({ key: SA.pendingApprovals, value: f.pendingApprovals });
  return pairs;
}

/** One line for the Temporal UI's workflow summary: no names, ids only. */
export function caseStaticSummary(f: {
  type: string;
  tier: string;
  memberId: string;
  managerId: string;
}): string {
  return `${f.type} case · ${f.tier} member ${f.memberId} · manager ${f.managerId}`;
}
