/**
 * Custom search attributes of a case, as shown in the Temporal UI and used by list queries.
 * No names or other personal data: ids, enums and numbers only.
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
} as const;

/** The `temporal server start-dev --search-attribute` and operator-service spelling of each key. */
export const SEARCH_ATTRIBUTE_REGISTRATIONS: {
  name: string;
  type: 'Keyword' | 'Int' | 'Bool' | 'Datetime';
}[] = Object.values(SA).map((key) => ({
  name: key.name,
  type:
    key.type === SearchAttributeType.KEYWORD
      ? 'Keyword'
      : key.type === SearchAttributeType.INT
        ? 'Int'
        : key.type === SearchAttributeType.BOOL
          ? 'Bool'
          : 'Datetime',
}));

export interface CaseIndexFields {
  type: string;
  status: string;
  tier: string;
  assigneeId: string;
  memberId: string;
  escalationLevel: number;
  breached: boolean;
  nextDueAt: string | null;
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
