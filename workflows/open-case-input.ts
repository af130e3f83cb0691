/**
 * What opens a case: the workflow's input for a fresh case, built by the API (or by a case that opens a linked
 * one). A leaf: the state, the messages and the engine import it, and it imports nothing of theirs.
 */
import type { Actor, CasePolicy, CaseTypeName, Member, Person } from './domain';

export interface OpenCaseInput {
  id: string;
  type: CaseTypeName;
  member: Member;
  summary: string;
  details: Record<string, unknown>;
  /** The member's dedicated manager, resolved from the roster by the API. */
  manager: Person;
  /** Owners by escalation level for that manager (index = level, 0..3), from `Roster.ladderFor`. */
  ladder: Person[];
  policy: CasePolicy;
  openedBy: Actor;
  /** Epoch ms the API accepted the request: the case opens then (opening-time.ts); absent: at its start. */
  requestedAt?: number;
  /**
   * The engine generation of the code that opened the case: the patches folded into it apply without markers
   * (patches.ts). Absent: every patch is asked of `patched()`, as before generations.
   */
  generation?: number;
  /**
   * The API told the dedicated manager before it started the case (the very notification the case would send,
   * with the same idempotency key: api/cases/assigned-notice.ts), so the case does not send it. Absent: the case
   * sends it in its first workflow task.
   */
  assignedNoticeSent?: boolean;
  /** Continue-as-new after this many history events (default HISTORY_EVENTS_PER_RUN); tests lower it. */
  historyEventsPerRun?: number;
  /** The record budget in bytes (default CASE_RECORD_BUDGET_BYTES, see record-budget.ts); tests lower it. */
  recordBudgetBytes?: number;
  /** Cases this one was opened from (e.g. a travel_cancellation opened by a denied visa_help). */
  linkedCases?: { id: string; type: CaseTypeName; relation: string }[];
  /**
   * A linked case's opener: the run of the case that started it as a child (sealed-start.ts takes its start
   * from that run only). Absent: opened by the API, or linked by a case from before it was added.
   */
  openedFrom?: { workflowId: string; runId: string };
}
