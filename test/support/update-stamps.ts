/**
 * Tests start and update cases straight through Temporal, standing in for the API: their client stamps every
 * update as the API's does (api/temporal/send-stamp.ts), unless the test stamped it itself, and gives every
 * opening the time the API would have accepted it at (`requestedAt`, on the server's clock), unless the test set
 * it itself.
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { stamped } from '../../api/temporal/send-stamp';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** `serverNow`: the Temporal server's clock (the time-skipping server's runs ahead of the wall clock). */
export const actLikeTheApi = (serverNow: () => Promise<number>): WorkflowClientInterceptor => ({
  async start(input, next) {
    const [first, ...rest] = input.options.args;
    if (!isObject(first) || !isObject(first.open) || 'requestedAt' in first.open) return next(input);
    const open = { ...first.open, requestedAt: await serverNow() };
    return next({ ...input, options: { ...input.options, args: [{ ...first, open }, ...rest] } });
  },
  async startUpdate(input, next) {
    const [first, ...rest] = input.args;
    const stampable = typeof first === 'object' && first !== null && !('sent' in first);
    return next(stampable ? { ...input, args: [stamped(input.updateName, first), ...rest] } : input);
  },
});
