/**
 * A saga step whose edge never answered, not even asked again (a rail down for a while), is not given up on: the
 * saga waits, its compensation still executing, and asks the edge again with the same idempotency key at growing
 * intervals, for nearly four days. The edge never acts twice for one key, so its answer is the truth: the
 * receipt of what it did (the saga goes on), or its refusal (it did not act: the saga undoes the steps before).
 * Only after the last try is the step left unconfirmed. An undo that never answers (a reversal the rail may have
 * made) is asked again the same way before it is `undo_failed`. Each wait is a durable timer of the case, carried across
 * continue-as-new as saga state; a cancellation asks at once.
 */
import type { EngineContext } from './case-context';
import type { Deadline } from './deadline';
import { RECHECK_UNANSWERED_STEPS_PATCH, RECHECK_UNANSWERED_UNDOS_PATCH } from './patches';
import { stepViews, type Saga, type SagaStep } from './saga';
import { iso } from './time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How long the saga waits before each new try: 15 min, 1 h, 4 h, 12 h, then a day three times (3 d 17 h in all). */
export const RECHECK_AFTER_MS: readonly number[] = [
  15 * MINUTE,
  HOUR,
  4 * HOUR,
  12 * HOUR,
  24 * HOUR,
  24 * HOUR,
  24 * HOUR,
];

/** Whether the saga is to run its unanswered step again (at its recheck, or at once for a cancellation). */
export const rechecking = (saga: Saga, step: SagaStep) =>
  step.status === 'unconfirmed' && saga.recheck !== undefined;

/**
 * After an unanswered try: schedules the next one and returns true (the saga waits), or returns false when the
 * tries are spent, the saga is being cancelled, or the case's version has no rechecks (the step is final).
 */
export function recheckLater(engine: EngineContext, saga: Saga, step: SagaStep): boolean {
  if (!scheduleNextTry(engine, saga, RECHECK_UNANSWERED_STEPS_PATCH, step.name)) return false;
  step.status = 'unconfirmed';
  showSteps(engine, saga);
  return true;
}

/**
 * After an undo got no answer, even asked again (a reversal the rail may have made): schedules its next try, as
 * for a forward step, and returns true (the saga waits, running only its undos from then on), or false when the
 * tries are spent, the saga is being cancelled, or the case's version has no such rechecks (`undo_failed`).
 */
export function recheckUndoLater(engine: EngineContext, saga: Saga, step: SagaStep): boolean {
  if (!step.undo || !scheduleNextTry(engine, saga, RECHECK_UNANSWERED_UNDOS_PATCH, step.undo.name))
    return false;
  saga.undoing = true;
  showSteps(engine, saga); // the step that failed, while its predecessors' undos wait
  return true;
}

function showSteps(engine: EngineContext, saga: Saga): void {
  const comp = engine.view.compensations.find((c) => c.id === saga.compensationId);
  if (comp) comp.steps = stepViews(saga);
}

function scheduleNextTry(engine: EngineContext, saga: Saga, patchId: string, call: string): boolean {
  const done = saga.recheck?.count ?? 0;
  const after = RECHECK_AFTER_MS[done];
  if (after === undefined || saga.abortRequested || !engine.versions.has(patchId)) return false;
  const at = engine.now() + after;
  saga.recheck = { count: done + 1, at };
  engine.record(
    'saga_step_unanswered',
    'system',
    `${saga.title}: ${call} got no answer${done === 0 ? ', even asked again' : ''}: asking again at ${iso(at)} (${done + 1} of ${RECHECK_AFTER_MS.length})`,
  );
  return true;
}

export const SAGA_RECHECK_KEY = 'saga-recheck:';

/** The sagas' next tries, as the case's deadlines: each one runs its saga again. */
export function recheckDeadlines(engine: EngineContext): Deadline[] {
  return engine.state.sagas.flatMap((saga) => {
    const at = saga.recheck?.at;
    if (saga.status !== 'running' || at === undefined) return [];
    return [
      {
        key: `${SAGA_RECHECK_KEY}${saga.id}`,
        dueAt: at,
        summary: `${saga.title}: ask again whether an unanswered ${saga.undoing ? 'undo' : 'step'} was done`,
        fire: () => runAgainNow(engine, saga),
      },
    ];
  });
}

/** Runs a waiting saga now (its recheck is due, or the case is being cancelled); a no-op for any other saga. */
export function runAgainNow(engine: EngineContext, saga: Saga): void {
  if (saga.recheck?.at === undefined) return;
  saga.recheck = { count: saga.recheck.count };
  engine.state.outbox.push({ kind: 'saga', sagaId: saga.id });
}
