import type { CasePolicy, CaseView, Person, Role } from './domain';
import type { OwnerChange, SlaBreach, SlaClockName } from './notices';
import type { OpenCaseInput } from './open-case-input';
import type { EdgeCall, Saga } from './saga';

/**
 * Everything a case run needs, carried whole across continue-as-new.
 * The view is what people see; the rest is engine bookkeeping.
 */
export interface CaseState {
  view: CaseView;
  /** The policy in force when the case opened. */
  policy: CasePolicy;
  /** The role of the principal who opened the case (`view.openedBy`); absent in states written before it. */
  openedByRole?: Role;
  /** Owners by escalation level (index = level) for the current dedicated manager, from the start input. */
  ladder: Person[];
  /** Deadline key -> the due time already acted on, so a deadline fires once per due time. */
  handledDeadlines: Record<string, number>;
  /** State owned by the case type's module (its windows and steps). */
  typeState: Record<string, unknown>;
  /** Sagas of this case (compensations, trip settlement), newest last. */
  sagas: Saga[];
  /** Effects the engine asked for; the workflow shell drains them through activities and child workflows. */
  outbox: Effect[];
  runCount: number;
  /** The engine generation the case was opened with (patches.ts); absent in cases opened before generations. */
  generation?: number;
  /** Continue-as-new once a run's history passes this many events. */
  historyEventsPerRun: number;
  /** A lowered record budget (tests); absent: CASE_RECORD_BUDGET_BYTES, so a change of it reaches every case. */
  recordBudgetBytes?: number;
  /**
   * Actions applied with an Idempotency-Key, as [keyId, requestHash], oldest first, the newest
   * APPLIED_REQUESTS_KEPT only (applied-requests.ts). Absent in states written before it was added.
   */
  appliedRequests?: [keyId: string, requestHash: string][];
  /** Keyed proposals of compensation, never forgotten (applied-requests.ts). Absent in older states. */
  keptRequests?: [keyId: string, requestHash: string][];
  /** The run that wrote this state into continue-as-new: only the run it continues takes it (sealed-start.ts). */
  continuedFromRun?: string;
  /** Seals of the messages applied before the API stamped them, oldest first (no longer added to). */
  appliedSeals?: string[];
  /** Seals of the stamped messages applied, with their send times, the newest APPLIED_SEALS_KEPT (sealed-input.ts). */
  stampedSeals?: [sealId: string, sentAt: number][];
  /** The newest send time of a seal the case has forgotten: a message sent then or before is refused. */
  sealsForgottenUpTo?: number;
  /** The newest accepted messages' seals, update ids and acceptance times (retried-updates.ts). */
  recentUpdates?: [sealId: string, updateId: string, acceptedAt: number][];
  /**
   * SLA windows: a breach that climbs gives the new owner a fresh window, and a reopen a fresh resolution clock.
   * `slaWindows` counts them per clock; `slaWarned` holds the window each clock was last warned in, so a clock
   * is warned at most once per window (even when a pause moves its due time). Absent in older states.
   */
  slaWindows?: Partial<Record<SlaClockName, number>>;
  slaWarned?: Partial<Record<SlaClockName, number>>;
  /** Collections from merchants that got no answer, waiting to be asked again (collection-recheck.ts). */
  collectionRechecks?: CollectionRecheck[];
  /** Per collection's edge purpose, the refusals the rail answered: its next key (collection-keys.ts). */
  collectionRefusals?: Record<string, number>;
  /** Notifications that failed their tries, waiting to be sent again (notice-retries.ts). */
  noticeRetries?: NoticeRetry[];
}

/** A notification to send again: what it says, its tries so far, and its next try (absent while it is sent). */
export interface NoticeRetry {
  change: OwnerChange;
  count: number;
  at?: number;
}

/** A collection to ask again: its call and outcome purpose as first requested, its tries so far, its next try. */
export interface CollectionRecheck {
  purpose: string;
  call: EdgeCall;
  count: number;
  /** Absent while it is being asked. */
  at?: number;
}

export type Effect =
  | { kind: 'notify'; change: OwnerChange }
  /** An SLA breached at the top of the ladder: nobody to tell, but counted in the metrics. */
  | { kind: 'count_breach'; breach: SlaBreach }
  | { kind: 'saga'; sagaId: string }
  /** A one-off edge call; `purpose` tells the engine what its receipt means. */
  | { kind: 'edge'; call: EdgeCall; purpose: string }
  | { kind: 'open_linked_case'; input: OpenCaseInput };
