/**
 * Tests send case updates straight to Temporal, standing in for the API: their client stamps every update as the
 * API's does (api/temporal/send-stamp.ts), unless the test stamped it itself.
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { stamped } from '../../api/temporal/send-stamp';

export const stampLikeTheApi: WorkflowClientInterceptor = {
  async startUpdate(input, next) {
    const [first, ...rest] = input.args;
    const stampable = typeof first === 'object' && first !== null && !('sent' in first);
    return next(stampable ? { ...input, args: [stamped(input.updateName, first), ...rest] } : input);
  },
};
