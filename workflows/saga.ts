/**
 * Multi-step work with undo, as data: the state says which steps ran, so a replay, a crash or a
 * continue-as-new never loses track, and each step's idempotency key makes a re-run harmless.
 */
import type { EdgeOperation } from '../activities';
import type { Money } from './domain';

export type StepStatus = 'pending' | 'done' | 'failed' | 'undone' | 'undo_failed';

export interface EdgeCall {
  name: string;
  op: EdgeOperation;
  input: { idempotencyKey: string } & Record<string, unknown>;
}

export interface SagaStep extends EdgeCall {
  /** Run newest first when a later step fails for good or the case is cancelled; gets `original` = this step's receipt. */
  undo?: EdgeCall;
  /** Platform money this step moves, for the ledger. */
  money?: { payee: string; amount: Money };
  status: StepStatus;
  reference: string | null;
  /** The undo's receipt, once undone. */
  undoReference?: string;
  error: string | null;
}

export interface Saga {
  id: string;
  title: string;
  compensationId: string | null;
  steps: SagaStep[];
  status: 'running' | 'completed' | 'failed' | 'aborted';
  abortRequested: boolean;
}

export function step(call: EdgeCall, extra: { undo?: EdgeCall; money?: SagaStep['money'] } = {}): SagaStep {
  return { ...call, ...extra, status: 'pending', reference: null, error: null };
}

export function newSaga(id: string, title: string, compensationId: string | null, steps: SagaStep[]): Saga {
  return { id, title, compensationId, steps, status: 'running', abortRequested: false };
}
