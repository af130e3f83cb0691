import type { CasePolicy, CaseView, Person } from './domain';

/**
 * Everything a case run needs, carried whole across continue-as-new.
 * The view is what people see; the rest is engine bookkeeping.
 */
export interface CaseState {
  view: CaseView;
  /** The policy in force when the case opened. */
  policy: CasePolicy;
  /** Owners by escalation level (index = level) for the current dedicated manager, from the start input. */
  ladder: Person[];
  /** Deadline key -> the due time already acted on, so a deadline fires once per due time. */
  handledDeadlines: Record<string, number>;
  /** Approval deadline (epoch ms) of each compensation waiting for approval. */
  approvalDueAt: Record<string, number>;
  /** State owned by the case type's module (its windows and steps). */
  typeState: Record<string, unknown>;
  /** Notifications owed to new owners, sent by the workflow shell. */
  outbox: OwnerChange[];
  runCount: number;
}

export interface OwnerChange {
  key: string;
  owner: Person;
  escalationLevel: number;
  reason: string;
}
