/**
 * A compensation whose step never answered, even asked again for days (saga-recheck.ts), fails with the step
 * `unconfirmed`: the edge may have acted (a payment made, an advance out), and its amount counts against the
 * budgets until someone checks with the edge. This is that check. A person asks the edge whether it acted under
 * the step's idempotency key, without asking it to act (adapters/edges.ts, `lookup`): its answer, not the person,
 * settles it. A receipt books the step done (the ledger's line) and the saga goes on to its end (an advance refund
 * then awaits the merchant); only its word that it holds no call under that key (which it then closes) shows it
 * never got the step, and the saga undoes the steps before; any other failure leaves it unconfirmed again.
 * Asked to act instead (checks before `recheck-looks-only`), an edge that never got the step would act on it then,
 * days late, though a manager may have proposed it again meanwhile. The check undoes and makes up money as an approval moves it: a supervisor or the head asks, none whom
 * four eyes keep from approving it (its proposer, who set it off, the opener of the platform's own).
 */
import type { RecheckStepArgs } from './action-args';
import { fourEyesRefusal } from './approval';
import type { EngineContext } from './case-context';
import { OPEN_WORK_STATUSES, type CompensationView } from './domain';
import { REJECTIONS } from './messages';
import { RECHECK_LOOKS_ONLY_PATCH } from './patches';
import { invalidTransition, reject } from './rejection';
import { stepViews, type Saga, type SagaStep } from './saga';
import { RECHECK_AFTER_MS } from './saga-recheck';

/** The saga of a compensation that failed with a forward step unconfirmed, and that step; else undefined. */
function unconfirmed(
  engine: EngineContext,
  comp: CompensationView,
): { saga: Saga; step: SagaStep } | undefined {
  if (comp.status !== 'failed') return undefined;
  const saga = engine.state.sagas.find((s) => s.compensationId === comp.id);
  const step = saga?.steps.find((s) => s.status === 'unconfirmed');
  if (!saga || !step || saga.status !== 'failed' || saga.undoing) return undefined;
  return { saga, step };
}

/** The compensations a person may ask the edge about again. */
export const recheckableCompensations = (engine: EngineContext): string[] =>
  engine.view.compensations.filter((c) => unconfirmed(engine, c) !== undefined).map((c) => c.id);

export function checkRecheck(engine: EngineContext, a: RecheckStepArgs): void {
  engine.guard('recheck', a.actor, OPEN_WORK_STATUSES);
  const comp = engine.view.compensations.find((c) => c.id === a.compensationId);
  if (!comp) reject(REJECTIONS.notFound, `case ${engine.view.id} has no compensation ${a.compensationId}`);
  // Its answer undoes and makes up money as an approval moves it: four eyes, as for an approval.
  const kept = fourEyesRefusal(engine, comp, a.actor.id);
  if (kept)
    reject(
      REJECTIONS.forbidden,
      `${kept}, so ${a.actor.id} may not ask its edge again (four eyes): someone else must`,
    );
  if (!unconfirmed(engine, comp))
    invalidTransition(
      `${comp.id} is ${comp.status}, with no step whose answer is unknown: there is nothing to ask`,
    );
}

/** Runs the compensation's saga again from its unconfirmed step: one more ask, with the edge's usual tries. */
export function recheck(engine: EngineContext, a: RecheckStepArgs): void {
  checkRecheck(engine, a);
  const comp = engine.view.compensations.find((c) => c.id === a.compensationId)!;
  const { saga, step } = unconfirmed(engine, comp)!;
  comp.status = 'executing';
  saga.status = 'running';
  // As at the last scheduled recheck: asked once more now, and no later try is scheduled after it.
  const lookOnly = engine.versions.has(RECHECK_LOOKS_ONLY_PATCH);
  saga.recheck = lookOnly ? { count: RECHECK_AFTER_MS.length, lookOnly } : { count: RECHECK_AFTER_MS.length };
  comp.steps = stepViews(saga);
  const how = lookOnly
    ? 'looked up at its edge, which is not asked to act'
    : 'under the same idempotency key';
  engine.record(
    'step_asked_again',
    a.actor.id,
    `${comp.id}: asking again whether ${step.name} was done, ${how}${a.note ? `: ${a.note}` : ''}`,
  );
  engine.state.outbox.push({ kind: 'saga', sagaId: saga.id });
}
