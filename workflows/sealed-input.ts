/**
 * Only the API decides who acts (DOMAIN.md, "Trust and segregation of duties"). The API's client seals every
 * input with the payload keys, for the case it is sent to; the worker's codec opens it and marks it (codec/).
 * What arrives unsealed was sent around the API (the Temporal CLI, the Web UI), what was sealed for another
 * case was copied from that case's history, and a sealed message the case already applied is a copy of it sent
 * again: all are refused here:
 * - an update: its validator rejects it (`forbidden`), so it changes nothing and leaves no trace in the history;
 *   validators do not run on replay, so histories recorded before sealing replay as they did;
 * - a start: the run ends at once with a non-retryable failure, before any timer or activity.
 */
import { ApplicationFailure, log, patched, workflowInfo } from '@temporalio/workflow';
import { sealedFor, sealIdOf } from '../codec/sealed-payload-converter';
import type { CaseState } from './case-state';
import { REJECTIONS } from './messages';
import { SEALED_START_PATCH } from './patches';
import { forbidden } from './rejection';

export const NOT_THROUGH_THE_API = 'not sent through the API';

/** Whether the value was sealed (by the API or a worker) for this very case. */
const sealedForThisCase = (value: unknown) => sealedFor(value) === workflowInfo().workflowId;

/** An update validator's first step: rejects arguments the API did not seal for this case. */
export function requireSealed(args: unknown): void {
  if (!sealedForThisCase(args)) {
    forbidden(`Refused: ${NOT_THROUGH_THE_API} (case actions are taken through the concierge API only)`);
  }
}

/** A workflow's first task holds its start event, the task's scheduling and its start: nothing else yet. */
const FIRST_TASK_HISTORY_LENGTH = 3;

/**
 * The `caseReady` update's validator. It has no arguments to seal: the API sends it only with the case's start,
 * so it rides in the first workflow task. Sent later (the CLI, the Web UI), it is refused and leaves no trace.
 */
export function requireWithTheStart(): void {
  if (workflowInfo().historyLength > FIRST_TASK_HISTORY_LENGTH) {
    forbidden(`Refused: ${NOT_THROUGH_THE_API} (caseReady comes with the case's start only)`);
  }
}

/** Seals remembered per case, the newest kept: about 20 bytes each in the case's record. */
export const APPLIED_SEALS_KEPT = 1_000;

/**
 * The seals of the messages the case applied, carried across continue-as-new: a sealed update copied from the
 * case's own history and sent again (the CLI, by someone who can read the history) is refused, not applied twice.
 * The API seals each request afresh, so its own retries and keyed repeats (applied-requests.ts) never collide.
 */
export class AppliedSeals {
  private readonly ids: Set<string>;

  constructor(private readonly state: CaseState) {
    this.ids = new Set(state.appliedSeals ?? []);
  }

  /** An update validator's first step: sealed for this case, and not a copy of a message it applied. */
  require(args: unknown): void {
    requireSealed(args);
    const id = sealIdOf(args);
    if (id !== undefined && this.ids.has(id)) {
      forbidden(`Refused: ${NOT_THROUGH_THE_API} (a copy of a message this case has already applied)`);
    }
  }

  /** Records the seal of a message just applied (histories from before sealing have none). */
  remember(args: unknown): void {
    const id = sealIdOf(args);
    if (id === undefined || this.ids.has(id)) return;
    const kept = (this.state.appliedSeals ??= []);
    kept.push(id);
    this.ids.add(id);
    while (kept.length > APPLIED_SEALS_KEPT) this.ids.delete(kept.shift()!);
  }
}

/**
 * A run a worker started itself: a linked case (it has a parent), or a continue-as-new by a worker from before
 * sealing (its input was written in plain text). Neither can be asked for from the CLI or the UI; a cron run or a
 * retry, which can, does not count.
 */
function startedByAWorker(): boolean {
  const info = workflowInfo();
  return (
    info.parent !== undefined ||
    (info.continuedFromExecutionRunId !== undefined && info.cronSchedule === undefined && info.attempt === 1)
  );
}

/** The run's first step: ends a run whose input the API did not seal for it. Must come before the input is read. */
export function refuseUnsealedStart(input: unknown): void {
  if (sealedForThisCase(input) || startedByAWorker()) return;
  // Replaying a run that started before sealing: no marker in its history, so it goes on as it did.
  if (!patched(SEALED_START_PATCH)) return;
  log.warn('a case start not sent through the API was refused', { workflowId: workflowInfo().workflowId });
  throw ApplicationFailure.create({
    type: REJECTIONS.forbidden,
    message: `This case was ${NOT_THROUGH_THE_API}: cases are opened through the concierge API only`,
    nonRetryable: true,
  });
}
