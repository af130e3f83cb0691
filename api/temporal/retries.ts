/**
 * The API's gRPC retries. Every call is retried as the Temporal client does by default, except the start of a
 * case: it is retried only while no attempt can have reached Temporal (no connection was made). Its first
 * failure that may have followed a start the server took (a connection dropped, a deadline) ends the call, and
 * CaseClient.open settles it by describing the case. Retried past such a failure, the call's last error could
 * say "no connection" when an earlier attempt had started the case, and the API would answer that the case was
 * not opened: a platform opening again without an Idempotency-Key would open it twice.
 */
import type { Interceptor, StatusObject } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { notConnected } from './errors';

/** The methods that start a case: the Update-with-Start the API opens with, and a plain start. */
const STARTS = new Set(['ExecuteMultiOperation', 'StartWorkflowExecution']);

export function apiRetryInterceptor(): Interceptor {
  const defaults = defaultGrpcRetryOptions();
  const everyCall = makeGrpcRetryInterceptor(defaults);
  const start = makeGrpcRetryInterceptor({
    ...defaults,
    retryableDecider: (attempt: number, status: StatusObject) =>
      defaults.retryableDecider(attempt, status) && notConnected(status.details),
  });
  return (options, nextCall) => {
    const method = options.method_definition.path.split('/').pop() ?? '';
    return (STARTS.has(method) ? start : everyCall)(options, nextCall);
  };
}
