import { ApplicationFailure } from '@temporalio/workflow';
import { REJECTIONS, type RejectionType } from './messages';

/**
 * What `reject` throws while refusals are being probed: no caller reads them, and an ApplicationFailure's stack
 * trace was about half of what `allowedActions` cost (every action's answer and every view query). Not an
 * Error, so it carries no stack.
 */
export const PROBED_REFUSAL: unique symbol = Symbol('probed refusal');

let probing = 0;

/**
 * Runs `probe` with every `reject` inside throwing PROBED_REFUSAL instead of an ApplicationFailure. Synchronous
 * only, so that nothing else runs while it is on (module state, shared by the workflows of a worker thread).
 */
export function probingRefusals<T>(probe: () => T): T {
  probing += 1;
  try {
    return probe();
  } finally {
    probing -= 1;
  }
}

/** Whether `err` is a refusal: an update's rejection, or one thrown while probing. */
export const isRefusal = (err: unknown): boolean =>
  err === PROBED_REFUSAL || err instanceof ApplicationFailure;

/** Rejects an update: validators throw this so the caller gets a clear answer and nothing changes. */
export function reject(type: RejectionType, message: string, details?: unknown): never {
  if (probing > 0) throw PROBED_REFUSAL;
  throw ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: details === undefined ? [] : [details],
  });
}

export const invalidTransition = (message: string): never => reject(REJECTIONS.invalidTransition, message);
export const forbidden = (message: string): never => reject(REJECTIONS.forbidden, message);
