/**
 * The imperative shell's side of effects: edge calls through activities, sagas with undo, linked cases.
 * Workflow code: only deterministic work here, all I/O is an activity or a child workflow.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  type ActivityOptions,
  workflowInfo,
} from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/common';
import type { CaseActivities, EdgeOperation } from '../activities';
import { CALENDAR_HORIZON_MS, extendCalendar, type CapturedCalendar } from './business-hours';
import type { CaseEngine } from './case-engine';
import type { OpenCaseInput } from './open-case-input';
import { EDGE_NEVER_GOT_IT, withOriginal, type EdgeCall, type EdgeInputs } from './edge-calls';
import {
  CONFIRM_UNANSWERED_STEPS_PATCH,
  UNANSWERED_STEPS_MARKED_PATCH,
  UNCONFIRMED_KEEPS_DONE_PATCH,
} from './patches';
import type { Saga, SagaStep } from './saga';
import { recheckLater, recheckUndoLater, rechecking } from './saga-recheck';
import { caseStaticSummary } from './search-attributes';

/** The edge activities' options (and the notifications': owner-notifications.ts): `maximumAttempts` tries. */
export const retrying = (maximumAttempts: number): ActivityOptions & { retry: RetryPolicy } => ({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts },
});

/** Forward steps give up after a few tries (then the saga undoes); undo and notifications try much longer. */
const forward = proxyActivities<CaseActivities>(retrying(5));
const persistent = proxyActivities<CaseActivities>(retrying(20));

type Proxies = typeof forward;
type Receipt = { reference: string };

/**
 * Each edge operation to its activity. The activity type is the operation's name (recorded histories hold it),
 * the summary is the call's name. A new edge activity fails to compile until it has its line here.
 */
const activityOf: {
  [K in EdgeOperation]: (p: Proxies, o: ActivityOptions, input: EdgeInputs[K]) => Promise<Receipt>;
} = {
  pay: (p, o, input) => p.pay.executeWithOptions(o, [input]),
  reversePayment: (p, o, input) => p.reversePayment.executeWithOptions(o, [input]),
  collectFromMerchant: (p, o, input) => p.collectFromMerchant.executeWithOptions(o, [input]),
  requestMerchantRemedy: (p, o, input) => p.requestMerchantRemedy.executeWithOptions(o, [input]),
  cancelBooking: (p, o, input) => p.cancelBooking.executeWithOptions(o, [input]),
  reinstateBooking: (p, o, input) => p.reinstateBooking.executeWithOptions(o, [input]),
  requestMerchantRefund: (p, o, input) => p.requestMerchantRefund.executeWithOptions(o, [input]),
  withdrawMerchantRefund: (p, o, input) => p.withdrawMerchantRefund.executeWithOptions(o, [input]),
  requestCarrierTrace: (p, o, input) => p.requestCarrierTrace.executeWithOptions(o, [input]),
  shipToMember: (p, o, input) => p.shipToMember.executeWithOptions(o, [input]),
  cancelShipment: (p, o, input) => p.cancelShipment.executeWithOptions(o, [input]),
  submitConsulateEndorsement: (p, o, input) => p.submitConsulateEndorsement.executeWithOptions(o, [input]),
};

/**
 * The activity's summary in the Temporal UI: its call's name (which the timeline keeps, encrypted), but ids and kinds
 * only where the name holds personal data (a destination, a carrier, a tracking number).
 */
function summaryOf(call: { name: string; op: EdgeOperation; input: unknown }): string {
  if (call.op === 'submitConsulateEndorsement') return 'send credit endorsement to the consulate';
  if (call.op === 'requestCarrierTrace') {
    const { orderId } = call.input as { orderId?: string };
    return `ask the carrier to trace order ${orderId ?? '(none)'}`;
  }
  return call.name;
}

function callEdge<K extends EdgeOperation>(call: EdgeCall<K>, proxies: Proxies): Promise<Receipt> {
  return activityOf[call.op](proxies, { summary: summaryOf(call) }, call.input);
}

/** What an activity failed with: the activity's own failure, not Temporal's wrapper of it. */
const failureCause = (err: unknown): unknown => (err instanceof ActivityFailure ? err.cause : err);

export function failureMessage(err: unknown): string {
  const cause = failureCause(err);
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  return String(cause);
}

/** The captured calendar, extended by another horizon of open time resolved outside the workflow (tz data). */
export async function extendedCalendar(cal: CapturedCalendar): Promise<CapturedCalendar> {
  const more = await persistent.calendarIntervals.executeWithOptions(
    { summary: `business hours of ${cal.name} beyond ${new Date(cal.horizonEndMs).toISOString()}` },
    [{ calendar: cal.definition, fromMs: cal.horizonEndMs, toMs: cal.horizonEndMs + CALENDAR_HORIZON_MS }],
  );
  return extendCalendar(cal, more);
}

export async function edgeCall(engine: CaseEngine, call: EdgeCall, purpose: string): Promise<void> {
  try {
    const receipt = await callEdge(call, persistent);
    engine.onEdgeResult(purpose, receipt, call);
  } catch (err) {
    engine.onEdgeResult(purpose, { error: failureMessage(err), unanswered: !refusedForGood(err) }, call);
  }
}

/** Whether the edge refused the call (a non-retryable failure): it did not act. */
function refusedForGood(err: unknown): boolean {
  const cause = failureCause(err);
  return cause instanceof ApplicationFailure && cause.nonRetryable === true;
}

/**
 * A forward step that failed without the edge refusing it (it timed out, or erred to its last try) may have
 * acted: a slow rail pays and answers too late. Asked again with the same idempotency key, which never acts
 * twice, for as long as an undo is, the edge answers with the receipt of what it did; only its refusal shows
 * that it did not act. Still no answer: the outcome is unconfirmed.
 */
async function confirmStep(engine: CaseEngine, step: SagaStep, err: unknown): Promise<StepOutcome> {
  if (refusedForGood(err) || !engine.versions.has(CONFIRM_UNANSWERED_STEPS_PATCH)) {
    return { error: failureMessage(err), unconfirmed: false };
  }
  return askAgain(step);
}

type StepOutcome = Receipt | { error: string; unconfirmed: boolean };

async function askAgain(step: SagaStep, lookOnly = false): Promise<StepOutcome> {
  try {
    return await (lookOnly ? lookUp(step) : callEdge(step, persistent));
  } catch (again) {
    // A look settles "not done" only by the edge's word that it never got the step (and closed its key).
    const notDone = lookOnly ? failureType(again) === EDGE_NEVER_GOT_IT : refusedForGood(again);
    return { error: failureMessage(again), unconfirmed: !notDone };
  }
}

function failureType(err: unknown): string | undefined {
  const cause = failureCause(err);
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

/** Whether the edge did the step, without asking it to act: its receipt, or its refusal when it never got it. */
function lookUp(step: SagaStep): Promise<Receipt> {
  return persistent.lookUpEdgeCall.executeWithOptions(
    { summary: `ask whether ${summaryOf(step)} was done` },
    [{ operation: step.op, idempotencyKey: step.input.idempotencyKey }],
  );
}

/** A pending step's first run, or an unanswered one's next try (saga-recheck.ts), or a person's look at it. */
async function runStep(engine: CaseEngine, saga: Saga, step: SagaStep): Promise<StepOutcome> {
  if (rechecking(saga, step)) return askAgain(step, saga.recheck?.lookOnly === true);
  try {
    return await callEdge(step, forward);
  } catch (err) {
    return confirmStep(engine, step, err);
  }
}

/**
 * Runs the pending steps in order; on a failure for good, or a cancellation, undoes the done ones newest first.
 * A step or an undo that got no answer makes it wait and run again later (saga-recheck.ts): it returns
 * unfinished then. A step left unconfirmed for good may have acted, so the steps before it stay done.
 */
export async function runSaga(engine: CaseEngine, saga: Saga): Promise<void> {
  if (!saga.undoing) {
    const forward = await runForward(engine, saga);
    if (forward === 'waiting') return;
    // A cancellation that arrived while the last step was running still undoes it: the work was unfinished.
    if (!saga.abortRequested && saga.steps.every((s) => s.status === 'done')) {
      saga.status = 'completed';
      engine.onSagaFinished(saga);
      return;
    }
    if (forward === 'keep done steps') return finish(engine, saga);
  }
  if (await undoDoneSteps(engine, saga)) finish(engine, saga);
}

function finish(engine: CaseEngine, saga: Saga): void {
  // One that had failed by itself, and whose undo a cancellation then asked again, failed: it was not stopped.
  const failedFirst =
    saga.undoing === true && saga.steps.some((s) => s.status === 'failed' || s.status === 'unconfirmed');
  saga.status = saga.abortRequested && !failedFirst ? 'aborted' : 'failed';
  engine.onSagaFinished(saga);
}

type ForwardEnd = 'ran' | 'waiting' | 'keep done steps';

async function runForward(engine: CaseEngine, saga: Saga): Promise<ForwardEnd> {
  for (const step of saga.steps) {
    const again = rechecking(saga, step);
    if (step.status !== 'pending' && !again) continue;
    // A step that may have acted is asked even when cancelling: what it did is undone with the rest (when
    // still unanswered, a compensation's steps before it stand: keepsDoneSteps).
    if (saga.abortRequested && !again) break;
    const outcome = await runStep(engine, saga, step);
    if ('error' in outcome) {
      step.error = outcome.error;
      if (outcome.unconfirmed && recheckLater(engine, saga, step)) return 'waiting';
      delete saga.recheck;
      const keep = outcome.unconfirmed && keepsDoneSteps(engine, saga);
      // whether a step that moves no money acted is not the budgets' concern: it failed, and the saga undoes
      step.status = outcome.unconfirmed && (step.money || keep) ? 'unconfirmed' : 'failed';
      // it may have acted all the same (a trip's refund request the merchant got: trip-price-refunds.ts)
      if (
        outcome.unconfirmed &&
        step.status === 'failed' &&
        engine.versions.has(UNANSWERED_STEPS_MARKED_PATCH)
      )
        step.unanswered = true;
      engine.onStepChanged(saga, step, step.status);
      return keep ? 'keep done steps' : 'ran';
    }
    delete saga.recheck;
    step.reference = outcome.reference;
    step.status = 'done';
    engine.onStepChanged(saga, step, 'done');
  }
  return 'ran';
}

/**
 * Whether a step left unconfirmed keeps the done steps before it: it may have acted (goods shipped), so undoing
 * them (the vendor's payment reversed) could take back what was earned. Someone checks with the edge instead.
 */
const keepsDoneSteps = (engine: CaseEngine, saga: Saga) =>
  // A compensation's only: a trip's settlement undoes, and its manager settles by hand (travel-cancellation.ts).
  saga.compensationId !== null &&
  saga.steps.some((s) => s.status === 'done' && s.undo !== undefined) &&
  engine.versions.has(UNCONFIRMED_KEEPS_DONE_PATCH);

/**
 * Undoes the done steps newest first; an undo that gets no answer makes the saga wait and ask it again later
 * (false: the saga is unfinished), so that a reversal the rail made is not booked as money out for good.
 */
async function undoDoneSteps(engine: CaseEngine, saga: Saga): Promise<boolean> {
  for (const step of [...saga.steps].reverse()) {
    if (step.status !== 'done' || !step.undo) continue;
    try {
      // The undo gets `original` = this step's receipt (done, so it has one).
      step.undoReference = (
        await callEdge(withOriginal(step.undo, step.reference ?? ''), persistent)
      ).reference;
      delete saga.recheck;
      step.status = 'undone';
      engine.onStepChanged(saga, step, 'undone');
    } catch (err) {
      if (!refusedForGood(err) && recheckUndoLater(engine, saga, step)) return false;
      delete saga.recheck;
      step.status = 'undo_failed';
      step.error = failureMessage(err);
      engine.onStepChanged(saga, step, 'undo_failed');
    }
  }
  return true;
}

/** Starts a linked case as its own workflow that outlives this one. */
export async function openLinkedCase(engine: CaseEngine, input: OpenCaseInput): Promise<void> {
  try {
    const { workflowId, runId } = workflowInfo();
    await startChild('caseWorkflow', {
      workflowId: input.id,
      args: [{ open: { ...input, openedFrom: { workflowId, runId } } }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: caseStaticSummary({
        type: input.type,
        tier: input.member.tier,
        memberId: input.member.id,
        managerId: input.manager.id,
      }),
      // Ids and kinds only: the Temporal UI shows these to every engineer (no names, no free text).
      staticDetails: `Linked ${input.type} case for member ${input.member.id}, opened from ${engine.view.id}`,
    });
  } catch (err) {
    engine.record(
      'linked_case_failed',
      'system',
      `could not open linked case ${input.id}: ${failureMessage(err)}`,
    );
  }
}
