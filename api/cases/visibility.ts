/**
 * Case lists from Temporal visibility: the query over the case search attributes, and the summary each
 * listed execution decodes to (no per-case query). Visibility is eventually consistent: a case opened a
 * moment ago may not be listed yet.
 */
import { CASE_STATUSES, TIERS, type CaseStatus } from '../../workflows/domain';
import { SA } from '../../workflows/search-attributes';
import type { CaseSummary } from '../schemas/list';
import type { CaseLinks } from '../temporal/case-client';
import { CASE_WORKFLOW_CLAUSES, literal, type ListedExecution } from '../temporal/case-visibility';

export interface CaseFilter {
  status?: CaseStatus;
  statusIn?: readonly CaseStatus[];
  type?: string;
  assigneeId?: string;
  memberId?: string;
  tier?: string;
  breached?: boolean;
  escalationLevel?: number;
  /** Only cases with a compensation waiting for approval. */
  awaitingApproval?: true;
}

/**
 * The runs that stand for a case: the current one (running) or the last one (completed: the case closed or was
 * cancelled). Not a run that continued as new (it keeps the status and owner it had then), nor one Temporal
 * ended without the case ending: a start the case refused (failed, whatever search attributes its starter gave
 * it) or a run someone terminated.
 */
const CASE_RUNS = `ExecutionStatus IN ('Running', 'Completed')`;

export function caseQuery(f: CaseFilter): string {
  // Filter values are already validated (enums, id pattern, integers); quoting still escapes, as a second line.
  const clauses = [...CASE_WORKFLOW_CLAUSES, CASE_RUNS];
  const eq = (name: string, value: string | undefined) => {
    if (value !== undefined) clauses.push(`${name} = ${literal(value)}`);
  };
  eq(SA.status.name, f.status);
  eq(SA.type.name, f.type);
  eq(SA.assigneeId.name, f.assigneeId);
  eq(SA.memberId.name, f.memberId);
  eq(SA.tier.name, f.tier);
  if (f.statusIn) clauses.push(`${SA.status.name} IN (${f.statusIn.map(literal).join(', ')})`);
  if (f.breached !== undefined) clauses.push(`${SA.breached.name} = ${f.breached ? 'true' : 'false'}`);
  if (f.awaitingApproval) clauses.push(`${SA.pendingApprovals.name} > 0`);
  if (f.escalationLevel !== undefined)
    clauses.push(`${SA.escalationLevel.name} = ${Math.trunc(f.escalationLevel)}`);
  return clauses.join(' AND ');
}

const oneOf = <T extends string>(values: readonly T[], v: unknown): T | undefined =>
  typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;

/** The summary of a listed case, or undefined while its search attributes are not all there yet. */
export function toSummary(e: ListedExecution, links: CaseLinks): CaseSummary | undefined {
  const a = e.attributes;
  const type = a.get(SA.type) || undefined; // any registered type, shipped or plugged in
  const status = oneOf(CASE_STATUSES, a.get(SA.status));
  const tier = oneOf(TIERS, a.get(SA.tier));
  const memberId = a.get(SA.memberId);
  const assigneeId = a.get(SA.assigneeId);
  if (!type || !status || !tier || memberId === undefined || assigneeId === undefined) return undefined;
  const nextDueAt = a.get(SA.nextDueAt);
  return {
    id: e.workflowId,
    type,
    status,
    tier,
    memberId,
    assigneeId,
    escalationLevel: a.get(SA.escalationLevel) ?? 0,
    breached: a.get(SA.breached) ?? false,
    nextDueAt: nextDueAt ? nextDueAt.toISOString() : null,
    openedAt: new Date(e.openedAtMs ?? e.startedAtMs).toISOString(),
    links,
  };
}

/** Queue order: soonest due first, cases with nothing due last, then oldest first. */
export function byDueThenOpened(a: CaseSummary, b: CaseSummary): number {
  if (a.nextDueAt !== b.nextDueAt) {
    if (a.nextDueAt === null) return 1;
    if (b.nextDueAt === null) return -1;
    return a.nextDueAt < b.nextDueAt ? -1 : 1;
  }
  return a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0;
}
