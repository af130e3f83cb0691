/**
 * The case workflow's public surface: task queue, workflow input, rejections, the view queries, and handles on
 * the updates (defined in the catalogue, actions.ts). Imported by the workflow, the API and the tests.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { ACTIONS } from './actions';
import type { CaseState } from './case-state';
import type { Actor, CallerCaseView, CaseView } from './domain';
import type { OpenCaseInput } from './open-case-input';

export const TASK_QUEUE = 'concierge-cases';
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

export type { OpenCaseInput } from './open-case-input';

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

/** What each action's update takes (action-args.ts), for the engine's rules, the API and the tests. */
export type {
  Acting,
  ApproveCompensationArgs,
  CallbackArgs,
  CancelArgs,
  EscalateArgs,
  NoteArgs,
  ProposeCompensationArgs,
  RateArgs,
  ReassignArgs,
  RejectCompensationArgs,
  ReopenArgs,
  RequestIdentity,
  ResolveArgs,
  ResumeArgs,
  SendStamp,
  ThirdPartyResponseArgs,
  WaitArgs,
} from './action-args';

/**
 * Named handles on the catalogue's update definitions (actions.ts), for clients of the workflow (tests, bench).
 * The definitions themselves, and their names, are the catalogue's.
 */
export const callbackUpdate = ACTIONS.callback.update;
export const noteUpdate = ACTIONS.notes.update;
export const waitUpdate = ACTIONS.wait.update;
export const resumeUpdate = ACTIONS.resume.update;
export const thirdPartyResponseUpdate = ACTIONS['third-party-response'].update;
export const proposeCompensationUpdate = ACTIONS.compensations.update;
export const approveCompensationUpdate = ACTIONS.approve.update;
export const rejectCompensationUpdate = ACTIONS.reject.update;
export const recheckStepUpdate = ACTIONS.recheck.update;
export const escalateUpdate = ACTIONS.escalate.update;
export const reassignUpdate = ACTIONS.reassign.update;
export const resolveUpdate = ACTIONS.resolve.update;
export const reopenUpdate = ACTIONS.reopen.update;
export const rateUpdate = ACTIONS.rate.update;
export const cancelUpdate = ACTIONS.cancel.update;

/**
 * Update results carry only the newest timeline entries: every result is written to history, and a whole
 * timeline per action would grow history quadratically. A result with this many entries may be cut short;
 * `caseViewQuery` (not recorded in history) returns the whole view.
 */
export const UPDATE_RESULT_TIMELINE_ENTRIES = 20;

export const caseViewQuery = defineQuery<CaseView>('caseView');

/**
 * Completed by the case's first workflow task (its SLA timers armed, its owner told): the API sends it with the
 * start (Update-with-Start), so `POST /v1/cases` answers as fast as the stack takes cases and no faster. It rides
 * in that first task; a query asked after the start would reach a task already running and cost a second one.
 * Changes nothing and reveals nothing.
 */
export const caseReadyUpdate = defineUpdate<true>('caseReady');

/** The case view as one caller sees it, with the actions they may take now (`allowedActions` of API.md). */
export const caseViewForQuery = defineQuery<CallerCaseView, [Actor]>('caseViewFor');
