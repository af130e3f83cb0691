/**
 * Multi-step work with undo, as data: the state says which steps ran, so a replay, a crash or a
 * continue-as-new never loses track, and each step's idempotency key makes a re-run harmless.
 */
import type { EdgeCall, UndoCall } from './edge-calls';
import type { Money } from './domain';

export type { EdgeCall, UndoCall } from './edge-calls';

/**
 * `failed`: the edge refused it (it did not act); `unconfirmed`: the edge never answered, not even asked again,
 * so whether it acted is unknown (a payment may have been made).
 */
export type StepStatus = 'pending' | 'done' | 'failed' | 'unconfirmed' | 'undone' | 'undo_failed';

/** What a step adds to its edge call (`name`, `op`, `input`): its undo, its money and how far it got. */
export interface StepProgress {
  /** Run newest first when a later step fails for good or the case is cancelled; gets `original` = this step's receipt. */
  undo?: UndoCall;
  /** Platform money this step moves, for the ledger. */
  money?: { payee: string; amount: Money };
  status: StepStatus;
  reference: string | null;
  /** The undo's receipt, once undone. */
  undoReference?: string;
  error: string | null;
  /** Failed with no answer: it moves no money, yet may have acted (since `unanswered-steps-marked`). */
  unanswered?: true;
}

export type SagaStep = EdgeCall & StepProgress;

export interface Saga {
  id: string;
  title: string;
  compensationId: string | null;
  steps: SagaStep[];
  status: 'running' | 'completed' | 'failed' | 'aborted';
  abortRequested: boolean;
  /**
   * An unanswered step's tries after the first (saga-recheck.ts): how many were scheduled, and when the next one
   * runs (absent while the saga runs); `lookOnly` for a person's check, which asks the edge whether it acted
   * without asking it to act (unconfirmed-steps.ts).
   */
  recheck?: { count: number; at?: number; lookOnly?: boolean };
  /**
   * Set when an undo got no answer and waits to be asked again (saga-recheck.ts): the saga runs only its undos
   * from then on, newest first, never a forward step.
   */
  undoing?: true;
}

export function step(call: EdgeCall, extra: { undo?: UndoCall; money?: SagaStep['money'] } = {}): SagaStep {
  return { ...call, ...extra, status: 'pending', reference: null, error: null };
}

export function newSaga(id: string, title: string, compensationId: string | null, steps: SagaStep[]): Saga {
  return { id, title, compensationId, steps, status: 'running', abortRequested: false };
}

/** The steps as a compensation's view shows them: name, status and receipt. */
export const stepViews = (saga: Saga) =>
  saga.steps.map((s) => ({ name: s.name, status: s.status, reference: s.reference }));
