/** GET /v1/cases and GET /v1/managers/{id}/queue: filters and the summary items built from search attributes. */
import { z } from 'zod';
import { CASE_STATUSES, CASE_TYPES, TIERS } from '../../workflows/domain';
import { caseLinks } from './case-view';
import { caseTypeName, id } from './common';

const listQueryFor = (caseTypes: readonly [string, ...string[]]) =>
  z.strictObject({
    status: z.enum(CASE_STATUSES).optional(),
    type: z.enum(caseTypes).optional(),
    assigneeId: id.optional(),
    memberId: id.optional().describe('required for the system principal'),
    tier: z.enum(TIERS).optional(),
    breached: z.literal('true').optional().describe('only cases with a breached SLA'),
    awaitingApproval: z
      .literal('true')
      .optional()
      .describe('only cases with a compensation waiting for approval (pending_approval)'),
    escalationLevel: z
      .string()
      .regex(/^[0-3]$/, 'an escalation level, 0 to 3')
      .transform(Number)
      .optional(),
    pageSize: z
      .string()
      .regex(/^(?:[1-9]\d?|1\d\d|200)$/, 'a page size, 1 to 200')
      .transform(Number)
      .optional()
      .describe('default 50, at most 200'),
    pageToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,4000}$/, 'a nextPageToken from a previous page')
      .optional(),
  });
export type ListCasesQuery = z.output<ReturnType<typeof listQueryFor>>;

const queries = new Map<string, ReturnType<typeof listQueryFor>>();

/** The list's filters; `type` is one of the app's case types (shipped and plugged in). Built once per list. */
export function listCasesQueryFor(
  caseTypes: readonly string[] = CASE_TYPES,
): ReturnType<typeof listQueryFor> {
  const [first, ...rest] = caseTypes;
  if (first === undefined) throw new Error('no case types');
  const key = caseTypes.join(',');
  let query = queries.get(key);
  if (!query) queries.set(key, (query = listQueryFor([first, ...rest])));
  return query;
}

export const caseSummary = z
  .object({
    id: z.string(),
    type: caseTypeName,
    status: z.enum(CASE_STATUSES),
    tier: z.enum(TIERS),
    memberId: z.string(),
    assigneeId: z.string(),
    escalationLevel: z.number().int(),
    breached: z.boolean(),
    nextDueAt: z.iso.datetime().nullable(),
    openedAt: z.iso.datetime(),
    links: caseLinks,
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.output<typeof caseSummary>;

export const casePage = z.object({
  items: z.array(caseSummary),
  nextPageToken: z.string().nullable().describe('pass as pageToken for the next page; null on the last page'),
});

export const queueParams = z.strictObject({ id });

export const managerQueue = z.object({
  managerId: z.string(),
  items: z
    .array(caseSummary)
    .describe('open cases owned by the manager, soonest nextDueAt first (none last)'),
});
