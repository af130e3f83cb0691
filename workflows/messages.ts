/**
 * The case workflow's public surface: task queue, workflow input, updates and the view query.
 * Imported by the workflow, the API and the tests; imports only @temporalio/workflow.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseState } from './case-state';
import type {
  Actor,
  CallerCaseView,
  CasePolicy,
  CaseType,
  CaseView,
  CompensationKind,
  Member,
  Money,
  Person,
  ThirdParty,
  ThirdPartyOutcome,
} from './domain';

export const TASK_QUEUE = 'concierge-cases';
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

export interface OpenCaseInput {
  id: string;
  type: CaseType;
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
  /** Continue-as-new after this many history events (default HISTORY_EVENTS_PER_RUN); tests lower it. */
  historyEventsPerRun?: number;
  /** The record budget in bytes (default CASE_RECORD_BUDGET_BYTES, see record-budget.ts); tests lower it. */
  recordBudgetBytes?: number;
  /** Cases this one was opened from (e.g. a travel_cancellation opened by a denied visa_help). */
  linkedCases?: { id: string; type: CaseType; relation: string }[];
}

/** Input of the case workflow: a fresh case, or the whole state carried over by continue-as-new. */
export type CaseWorkflowInput = { open: OpenCaseInput } | { resume: CaseState };

/** Failure types an update validator or handler rejects with; the API maps each to its HTTP status. */
export const REJECTIONS = {
  invalidTransition: 'invalid_transition',
  forbidden: 'forbidden',
  limitExceeded: 'limit_exceeded',
  notFound: 'not_found',
  validationFailed: 'validation_failed',
  idempotencyConflict: 'idempotency_conflict',
} as const;
export type RejectionType = (typeof REJECTIONS)[keyof typeof REJECTIONS];

/**
 * Who sent an action with an Idempotency-Key, and what exactly they asked: the case applies one request once
 * (api/cases/idempotency.ts derives both; the case only compares them).
 */
export interface RequestIdentity {
  /** Derived from (principal, Idempotency-Key): keys of different principals never meet. */
  keyId: string;
  /** Derived from the action, its path parameters and its body. */
  requestHash: string;
}

export interface Acting {
  actor: Actor;
  /** Present when the request carried an Idempotency-Key (absent in histories written before). */
  idempotency?: RequestIdentity;
}

export interface CallbackArgs extends Acting {
  note?: string;
}
export interface NoteArgs extends Acting {
  text: string;
}
export interface WaitArgs extends Acting {
  on: 'member' | 'third_party';
  reason: string;
}
export interface ResumeArgs extends Acting {
  note?: string;
}
export interface ThirdPartyResponseArgs extends Acting {
  party: ThirdParty;
  outcome: ThirdPartyOutcome;
  note?: string;
}
export interface ProposeCompensationArgs extends Acting {
  kind: CompensationKind;
  amount: Money;
  reason: string;
}
export interface ApproveCompensationArgs extends Acting {
  compensationId: string;
  note?: string;
}
export interface RejectCompensationArgs extends Acting {
  compensationId: string;
  reason: string;
}
export interface EscalateArgs extends Acting {
  reason: string;
}
export interface ReassignArgs extends Acting {
  manager: Person;
  ladder: Person[];
  reason: string;
}
export interface ResolveArgs extends Acting {
  code: string;
  summary: string;
}
export interface ReopenArgs extends Acting {
  reason: string;
}
export interface RateArgs extends Acting {
  score: number;
  comment?: string;
}
export interface CancelArgs extends Acting {
  reason: string;
}

export const callbackUpdate = defineUpdate<CallerCaseView, [CallbackArgs]>('callback');
export const noteUpdate = defineUpdate<CallerCaseView, [NoteArgs]>('notes');
export const waitUpdate = defineUpdate<CallerCaseView, [WaitArgs]>('wait');
export const resumeUpdate = defineUpdate<CallerCaseView, [ResumeArgs]>('resume');
export const thirdPartyResponseUpdate = defineUpdate<CallerCaseView, [ThirdPartyResponseArgs]>(
  'third-party-response',
);
export const proposeCompensationUpdate = defineUpdate<CallerCaseView, [ProposeCompensationArgs]>(
  'compensations',
);
export const approveCompensationUpdate = defineUpdate<CallerCaseView, [ApproveCompensationArgs]>(
  'compensations/approve',
);
export const rejectCompensationUpdate = defineUpdate<CallerCaseView, [RejectCompensationArgs]>(
  'compensations/reject',
);
export const escalateUpdate = defineUpdate<CallerCaseView, [EscalateArgs]>('escalate');
export const reassignUpdate = defineUpdate<CallerCaseView, [ReassignArgs]>('reassign');
export const resolveUpdate = defineUpdate<CallerCaseView, [ResolveArgs]>('resolve');
export const reopenUpdate = defineUpdate<CallerCaseView, [ReopenArgs]>('reopen');
export const rateUpdate = defineUpdate<CallerCaseView, [RateArgs]>('rate');
export const cancelUpdate = defineUpdate<CallerCaseView, [CancelArgs]>('cancel');

/**
 * Update results carry only the newest timeline entries: every result is written to history, and a whole
 * timeline per action would grow history quadratically. A result with this many entries may be cut short;
 * `caseViewQuery` (not recorded in history) returns the whole view.
 */
export const UPDATE_RESULT_TIMELINE_ENTRIES = 20;

export const caseViewQuery = defineQuery<CaseView>('caseView');

/** The case view as one caller sees it, with the actions they may take now (`allowedActions` of API.md). */
export const caseViewForQuery = defineQuery<CallerCaseView, [Actor]>('caseViewFor');
