/**
 * Custom search attributes of a case, as shown in the Temporal UI and used by list queries.
 * No names or other personal data: ids, enums and numbers only.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
export const SEARCH_ATTRIBUTE_REGISTRATIONS: { name: string; type: 'Keyword' | 'Int' | 'Bool' | 'Datetime' }[] =
  Object.values(SA).map((key) => ({
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
