/**
 * Updates the workflow must refuse: the type and message of the ApplicationFailure an update was rejected with,
 * or whether the engine took it or refused it as an invalid transition.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { RejectionType } from '../../workflows/messages';

/**
 * Awaits an update that must be rejected; returns the type and message of the ApplicationFailure it was
 * rejected with, after checking the type against `expected` when given. Fails if the update succeeded.
 */
export async function rejectionOf(
  update: Promise<unknown>,
  expected?: RejectionType,
): Promise<{ type: string | undefined; message: string }> {
  try {
    await update;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const rejection = { type: err.cause.type ?? undefined, message: err.cause.message };
      if (expected !== undefined) expect(rejection.type).toBe(expected);
      return rejection;
    }
    throw err;
  }
  throw new Error(`expected a ${expected ? `${expected} ` : ''}rejection, but the update succeeded`);
}

/**
 * Awaits an update the engine may either take or refuse as an invalid transition: true when it was taken, false
 * when it was rejected with `invalid_transition`; any other failure is thrown.
 */
export async function takenUnlessInvalid(update: Promise<unknown>): Promise<boolean> {
  try {
    await update;
    return true;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      if (err.cause.type === 'invalid_transition') return false;
    }
    throw err;
  }
}
