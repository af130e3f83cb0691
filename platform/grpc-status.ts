/**
 * The gRPC status of a failed Temporal call. The codes are grpc-js's own `status` enum (the one the Temporal
 * client compares against); the Temporal client wraps the gRPC error in a ServiceError, so the code is looked
 * for down the cause chain, with the client's own `isGrpcServiceError` test.
 */
import { status } from '@grpc/grpc-js';
import { isGrpcServiceError } from '@temporalio/client';

export { status as GrpcStatus };

/** The errors of the cause chain, outermost first (at most ten). */
export function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e != null && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** The status code of the first gRPC error in the cause chain, or undefined when there is none. */
export function grpcStatusOf(err: unknown): status | undefined {
  for (const e of causeChain(err)) if (isGrpcServiceError(e)) return e.code;
  return undefined;
}
