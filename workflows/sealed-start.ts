/**
 * A case's start must be the one the API sent for it (sealed-input.ts refuses the messages). Someone who can read
 * a case's history holds its sealed start input, and the input each run carried into the next; started again
 * under the case's id (once it closed, or over it with `TerminateExisting`), either would open the case a second
 * time in its opener's name. So a start is bound to its moment: an opening to the time the API accepted it
 * (`requestedAt`, sealed in with it), a linked case's to the run that linked it, a resume input to the
 * continue-as-new that wrote it. What fails ends the run
 * at once with a non-retryable `forbidden` failure, before any timer or activity.
 */
import { ApplicationFailure, log, patched, workflowInfo, type WorkflowInfo } from '@temporalio/workflow';
import type { CaseWorkflowInput } from './messages';
import type { OpenCaseInput } from './open-case-input';
import { REJECTIONS } from './messages';
import { SEALED_START_PATCH } from './patches';
import { NOT_THROUGH_THE_API, sealedForThisCase } from './sealed-input';
import { iso } from './time';

/**
 * How long after the API accepted an opening the server may start its case: the API's deadline and retries, a
 * backlog, and the API's clock running behind the server's. An API clock running ahead is allowed less.
 */
export const START_AFTER_ACCEPTANCE_MS = 15 * 60 * 1000;
export const START_BEFORE_ACCEPTANCE_MS = 5 * 60 * 1000;

/** A continue-as-new of this case (a cron run or a retry, which a caller can ask for, does not count). */
const continuedByTheCase = (info: WorkflowInfo) =>
  info.continuedFromExecutionRunId !== undefined && info.cronSchedule === undefined && info.attempt === 1;

/**
 * A linked case is started by the run of the case it was opened from, as its child: its input names that run,
 * which no other workflow can be (the server makes run ids). Any other opening started as a child is refused:
 * an API opening's copy (which would escape its time window), or a trip case's input from before inputs named
 * their opener (copied, it could be started by any workflow that took its visa case's id).
 */
function whyNotLinkedBy(
  parent: WorkflowInfo['parent'],
  opener: OpenCaseInput['openedFrom'],
): string | undefined {
  if (opener === undefined) return 'a case is started as a child only by the case it is linked from';
  return parent?.workflowId === opener.workflowId && parent.runId === opener.runId
    ? undefined
    : `this linked case is opened by the run of ${opener.workflowId} that linked it, not by another start`;
}

/** Why this run may not start from this input; undefined when it may. */
function whyRefused(input: CaseWorkflowInput): string | undefined {
  const info = workflowInfo();
  const notThroughTheApi = `this case was ${NOT_THROUGH_THE_API}: cases are opened through the concierge API only`;
  // A payload that did not open decodes as null (codec/); a copied update's arguments have neither field.
  if (typeof input !== 'object' || input === null || !sealedForThisCase(input)) return notThroughTheApi;
  if ('resume' in input && typeof input.resume === 'object' && input.resume !== null) {
    const writtenBy = input.resume.continuedFromRun;
    return continuedByTheCase(info) &&
      (writtenBy === undefined || writtenBy === info.continuedFromExecutionRunId)
      ? undefined
      : 'the input a run carries through continue-as-new is taken only by the run that continues it';
  }
  if (!('open' in input) || typeof input.open !== 'object' || input.open === null) return notThroughTheApi;
  if (
    info.continuedFromExecutionRunId !== undefined ||
    info.cronSchedule !== undefined ||
    info.attempt !== 1
  ) {
    return 'an opening is taken by a fresh start only (not a retry, a cron run or a continuation)';
  }
  if (info.parent !== undefined || input.open.openedFrom !== undefined) {
    return whyNotLinkedBy(info.parent, input.open.openedFrom);
  }
  const accepted = input.open.requestedAt;
  // The API stamps every opening; one without was accepted before it did, so this start is a copy of its input.
  if (accepted === undefined) {
    return "this case's opening carries no time the API accepted it at: it is a copy of an earlier case's input";
  }
  // The start event's time, set by the server: not the first workflow task's, which a worker backlog delays.
  const started = info.startTime.getTime();
  if (started > accepted + START_AFTER_ACCEPTANCE_MS || started < accepted - START_BEFORE_ACCEPTANCE_MS) {
    return `this case's opening was accepted by the API at ${iso(accepted)}; a start at ${iso(started)} is not that opening but a copy of its input`;
  }
  return undefined;
}

/** The run's first step: ends a run the API did not start this way. Must come before the input is read. */
export function refuseForeignStart(input: CaseWorkflowInput): void {
  const reason = whyRefused(input);
  if (reason === undefined) return;
  // Replaying a run that started before these checks: no marker in its history, so it goes on as it did.
  if (!patched(SEALED_START_PATCH)) return;
  log.warn('a case start not sent through the API was refused', { workflowId: workflowInfo().workflowId });
  throw ApplicationFailure.create({
    type: REJECTIONS.forbidden,
    message: `Refused: ${reason}`,
    nonRetryable: true,
  });
}
