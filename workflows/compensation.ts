/**
 * Compensation rules (DOMAIN.md): two budgets kept apart, approval by someone other than the proposer,
 * approval timeouts that escalate, sagas that undo, and a ledger of every fen.
 */
import { approvalRule, approverFor, checkApprover, leftMoneyOut, stepsLeftMoneyOut, yuan } from './approval';
import { approvalRequestReason } from './approval-requests';
import { checkAmount } from './price-cap';
import type { EngineContext } from './case-context';
import type { Deadline } from './deadline';
import {
  OPEN_WORK_STATUSES,
  type CompensationKind,
  type CompensationView,
  type LedgerEntry,
  type Money,
} from './domain';
import type { ApproveCompensationArgs, ProposeCompensationArgs, RejectCompensationArgs } from './action-args';
import { REJECTIONS } from './messages';
import { NOTIFY_APPROVER_PATCH, UNREVERSED_STOP_FAILS_PATCH } from './patches';
import { compensationPlan, shownPayee } from './compensation-plan';
import { settleRecoveries } from './recovery';
import { runAgainNow } from './saga-recheck';
import { invalidTransition, reject } from './rejection';
import { newSaga, stepViews, type Saga, type SagaStep } from './saga';
import { settersOf } from './set-off';
import { humanDuration, iso, ms } from './time';

/**
 * A proposal's check. `asValidator`: refunds that failed with their money maybe out count against the price too,
 * in the update's validator only (it does not run on replay; the handler, which does, would refuse proposals that
 * older histories show applied).
 */
export function checkPropose(engine: EngineContext, a: ProposeCompensationArgs, asValidator = false): void {
  engine.guard('compensations', a.actor, OPEN_WORK_STATUSES);
  checkAmount(engine, a.kind, a.amount, asValidator);
}

/** Records a proposal; it executes at once within the rules, else waits for approval. Returns its id. */
export function propose(
  engine: EngineContext,
  kind: CompensationKind,
  amount: Money,
  reason: string,
  proposedBy: string,
  standsOn: readonly string[] = [],
): string {
  checkAmount(engine, kind, amount);
  const now = engine.now();
  const id = `c${engine.view.compensations.length + 1}`;
  const setOffBy = settersOf(engine, proposedBy, standsOn);
  const { approver, rule } = approvalRule(engine, kind, amount, proposedBy);
  const needed = approver !== null;
  const comp: CompensationView = {
    id,
    kind,
    amount,
    reason,
    status: needed ? 'pending_approval' : 'executing',
    proposedBy,
    ...(setOffBy.length > 0 ? { setOffBy } : {}),
    proposedAt: iso(now),
    approvedBy: null,
    rejectedBy: null,
    payee: shownPayee(engine, kind),
    recovery: null,
    note: null,
    rule,
    approvalDueAt: needed ? iso(now + engine.state.policy.approvalTimeoutMs) : null,
    steps: [],
  };
  engine.view.compensations.push(comp);
  engine.record(
    'compensation_proposed',
    proposedBy,
    `${id}: ${kind} of ${yuan(amount)} (${reason}); ${needed ? `waits for ${approver === 'head' ? "the head's" : 'supervisor'} approval: ${rule}` : `executes at once: ${rule}`}`,
  );
  if (!needed) startExecution(engine, comp);
  // Added after v1 histories were recorded: cases opened before it must replay without the extra activity.
  else if (engine.versions.has(NOTIFY_APPROVER_PATCH))
    engine.notify(approverFor(engine, comp), approvalRequestReason(comp), 'approval_request');
  return id;
}

function find(engine: EngineContext, id: string): CompensationView {
  const comp = engine.view.compensations.find((c) => c.id === id);
  if (!comp) reject(REJECTIONS.notFound, `case ${engine.view.id} has no compensation ${id}`);
  return comp;
}

/** The approval's validator: the case and compensation allow it, and this approver may give it. */
export function checkApprove(engine: EngineContext, a: ApproveCompensationArgs): void {
  checkApprovable(engine, a);
  // Added after v3 (four eyes, head ceiling): refused in the validator only, so approvals already accepted replay.
  checkApprover(engine, find(engine, a.compensationId), a.actor);
}

function checkApprovable(engine: EngineContext, a: ApproveCompensationArgs): void {
  engine.guard('approve', a.actor, OPEN_WORK_STATUSES);
  const comp = find(engine, a.compensationId);
  if (comp.status !== 'pending_approval')
    invalidTransition(`${comp.id} is ${comp.status}, not waiting for approval`);
  if (comp.proposedBy === a.actor.id) {
    reject(REJECTIONS.forbidden, `${a.actor.id} proposed ${comp.id} and may not approve it`);
  }
}

export function approve(engine: EngineContext, a: ApproveCompensationArgs): void {
  checkApprovable(engine, a);
  const comp = find(engine, a.compensationId);
  comp.approvedBy = a.actor.id;
  comp.approvalDueAt = null;
  comp.status = 'executing';
  comp.note = a.note ?? comp.note;
  engine.record('compensation_approved', a.actor.id, `${comp.id} approved${a.note ? `: ${a.note}` : ''}`);
  startExecution(engine, comp);
}

export function checkReject(engine: EngineContext, a: RejectCompensationArgs): void {
  engine.guard('reject', a.actor, OPEN_WORK_STATUSES);
  const comp = find(engine, a.compensationId);
  if (comp.status !== 'pending_approval')
    invalidTransition(`${comp.id} is ${comp.status}, not waiting for approval`);
}

/** Rejects a proposal waiting for approval; the rejected compensation. */
export function rejectProposal(engine: EngineContext, a: RejectCompensationArgs): CompensationView {
  checkReject(engine, a);
  const comp = find(engine, a.compensationId);
  comp.status = 'rejected';
  comp.rejectedBy = a.actor.id;
  comp.approvalDueAt = null;
  comp.note = a.reason;
  engine.record('compensation_rejected', a.actor.id, `${comp.id} rejected: ${a.reason}`);
  return comp;
}

/** A compensation still waiting for approval or executing: money not yet decided. */
export const undecidedCompensation = (engine: EngineContext): CompensationView | undefined =>
  engine.view.compensations.find((c) => c.status === 'pending_approval' || c.status === 'executing');

/** A case may not be resolved while money is waiting or moving. */
export function checkNothingOutstanding(engine: EngineContext): void {
  const open = undecidedCompensation(engine);
  if (open) invalidTransition(`compensation ${open.id} is still ${open.status}`);
}

/** Rejects the proposals still waiting for approval (of `kinds`, else all): `why` on the timeline, `note` on each. */
export function rejectWaiting(
  engine: EngineContext,
  r: { actor: string; why: string; note?: string; kinds?: readonly CompensationKind[] },
): void {
  for (const comp of engine.view.compensations) {
    if (comp.status !== 'pending_approval' || (r.kinds && !r.kinds.includes(comp.kind))) continue;
    comp.status = 'rejected';
    comp.rejectedBy = r.actor;
    comp.approvalDueAt = null;
    comp.note = r.note ?? r.why;
    engine.record('compensation_rejected', r.actor, `${comp.id} rejected: ${r.why}`);
  }
}

/** Cancellation: proposals still waiting are rejected, running sagas stop and undo what they did. */
export function abortOutstanding(engine: EngineContext, actor: string): void {
  rejectWaiting(engine, { actor, why: 'the case was cancelled', note: 'case cancelled' });
  for (const saga of engine.state.sagas) {
    if (saga.status !== 'running') continue;
    saga.abortRequested = true;
    runAgainNow(engine, saga); // one waiting to ask an edge again asks now, and undoes what was done
  }
  settleRecoveries(engine, 'the case ended before the merchant paid back');
}

export function approvalDeadlines(engine: EngineContext): Deadline[] {
  return engine.view.compensations
    .filter((c) => c.status === 'pending_approval' && c.approvalDueAt !== null)
    .map((c) => ({
      key: `approval:${c.id}`,
      dueAt: ms(c.approvalDueAt!),
      summary: `approval of ${c.id} (${humanDuration(engine.state.policy.approvalTimeoutMs)})`,
      fire: () => {
        const waited = humanDuration(engine.state.policy.approvalTimeoutMs);
        engine.record('approval_overdue', 'system', `${c.id} waited ${waited} for approval`);
        if (engine.climb(`approval of ${c.id} not given within ${waited}`, 'system')) {
          c.approvalDueAt = iso(engine.now() + engine.state.policy.approvalTimeoutMs);
        }
      },
    }));
}

// ------------------------------------------------------------------ execution

function startExecution(engine: EngineContext, comp: CompensationView): void {
  const saga = newSaga(comp.id, `${comp.kind} ${comp.id}`, comp.id, compensationPlan(engine, comp));
  comp.steps = stepViews(saga);
  engine.startSaga(saga);
}

/** Ledger and view bookkeeping as a compensation saga's steps complete or are undone. */
export function onStepChanged(
  engine: EngineContext,
  saga: Saga,
  s: SagaStep,
  change: 'done' | 'undone',
): void {
  const comp = saga.compensationId
    ? engine.view.compensations.find((c) => c.id === saga.compensationId)
    : undefined;
  if (comp) comp.steps = stepViews(saga);
  if (!s.money) return;
  const entry: LedgerEntry = {
    at: iso(engine.now()),
    compensationId: saga.compensationId ?? saga.id,
    kind: comp?.kind ?? 'instant_refund',
    direction: change === 'done' ? 'paid' : 'reversed',
    amount: s.money.amount,
    payee: s.money.payee,
    approvedBy: comp?.approvedBy ?? null,
    reference: (change === 'done' ? s.reference : s.undoReference) ?? '',
  };
  const ledger = engine.view.ledger;
  ledger.entries.push(entry);
  ledger.paid.amount += change === 'done' ? s.money.amount.amount : -s.money.amount.amount;
}

function moneyLeft(comp: CompensationView): string {
  const unconfirmed = comp.steps.findIndex((s) => s.status === 'unconfirmed');
  if (unconfirmed > 0 && comp.steps[unconfirmed - 1]!.status === 'done')
    return 'a step got no answer, so it may have been done: the steps before it stand, and its amount counts against the budgets until someone checks with the edge';
  if (unconfirmed >= 0)
    return 'a step got no answer, so it may have moved money: its amount counts against the budgets until someone checks with the edge';
  if (leftMoneyOut(comp))
    return 'a completed step could not be undone: its money stays out and counts against the budgets';
  return 'completed steps undone newest first';
}

export function onSagaFinished(engine: EngineContext, saga: Saga): void {
  const comp = saga.compensationId
    ? engine.view.compensations.find((c) => c.id === saga.compensationId)
    : undefined;
  if (!comp) return;
  comp.steps = stepViews(saga);
  if (saga.status === 'completed') {
    comp.status = 'executed';
    engine.record(
      'compensation_executed',
      'system',
      `${comp.id}: ${comp.kind} of ${yuan(comp.amount)} paid to ${comp.payee}`,
    );
    if (comp.kind === 'advance_refund') {
      comp.recovery = { status: 'awaiting_merchant', amount: { amount: 0, currency: 'CNY' } };
      engine.record(
        'recovery_pending',
        'system',
        `${comp.id}: ${yuan(comp.amount)} to be recovered from the merchant`,
      );
    }
  } else {
    // Stopped by a cancellation, it is reversed only when its money came back (asked only when it did not).
    const reversed =
      saga.status === 'aborted' &&
      (!stepsLeftMoneyOut(comp) || !engine.versions.has(UNREVERSED_STOP_FAILS_PATCH));
    comp.status = reversed ? 'reversed' : 'failed';
    engine.record(
      reversed ? 'compensation_reversed' : 'compensation_failed',
      'system',
      `${comp.id}: ${saga.status === 'aborted' ? 'stopped by the cancellation' : 'failed'}; ${moneyLeft(comp)}`,
    );
  }
}
