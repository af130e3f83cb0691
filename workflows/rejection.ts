import { ApplicationFailure } from '@temporalio/workflow';
import { REJECTIONS, type RejectionType } from './messages';

/** Rejects an update: validators throw this so the caller gets a clear answer and nothing changes. */
export function reject(type: RejectionType, message: string, details?: unknown): never {
  throw ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: details === undefined ? [] : [details],
  });
}

export const invalidTransition = (message: string): never => reject(REJECTIONS.invalidTransition, message);
export const forbidden = (message: string): never => reject(REJECTIONS.forbidden, message);
