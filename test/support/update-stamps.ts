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
export const actLikeTheApi = (serverNow: () => Promise<number>): WorkflowClientInterceptor => {
  /** A start's arguments with the opening's `requestedAt`; the same arguments when there is none to add. */
  const withAcceptance = async (args: unknown[]): Promise<unknown[]> => {
    const [first, ...rest] = args;
    if (!isObject(first) || !isObject(first.open) || 'requestedAt' in first.open) return args;
    return [{ ...first, open: { ...first.open, requestedAt: await serverNow() } }, ...rest];
  };
  return {
    async start(input, next) {
      const args = await withAcceptance(input.options.args);
      return next({ ...input, options: { ...input.options, args } });
    },
    // the API's own way of opening: the start with its `caseReady` update
    async startUpdateWithStart(input, next) {
      const args = await withAcceptance(input.workflowStartOptions.args);
      return next({ ...input, workflowStartOptions: { ...input.workflowStartOptions, args } });
    },
    async startUpdate(input, next) {
      const [first, ...rest] = input.args;
      const stampable = typeof first === 'object' && first !== null && !('sent' in first);
      return next(stampable ? { ...input, args: [stamped(input.updateName, first), ...rest] } : input);
    },
  };
};
