/** How failures from the Temporal client become API errors. */
import {
  ApplicationFailure,
  NamespaceNotFoundError,
  QueryNotRegisteredError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { REJECTIONS, type RejectionType } from '../../workflows/messages';
import { unknownCaseMessage } from '../../workflows/permissions';
import { ApiError } from '../errors';
import type { ErrorCode } from '../schemas/common';

const REJECTION_STATUS: Record<RejectionType, number> = {
  [REJECTIONS.invalidTransition]: 409,
  [REJECTIONS.forbidden]: 403,
  [REJECTIONS.limitExceeded]: 422,
  [REJECTIONS.notFound]: 404,
  [REJECTIONS.validationFailed]: 400,
  [REJECTIONS.idempotencyConflict]: 409,
};

const isRejection = (type: string | undefined | null): type is RejectionType =>
  type != null && Object.prototype.hasOwnProperty.call(REJECTION_STATUS, type);

/** gRPC outcomes that mean "Temporal is not there for us right now", not "your request is wrong". */
const GRPC = {
  DEADLINE_EXCEEDED: 4,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;
const UNREACHABLE_CODES = new Set<number>([
  GRPC.UNAVAILABLE,
  GRPC.DEADLINE_EXCEEDED,
  GRPC.RESOURCE_EXHAUSTED,
  GRPC.UNAUTHENTICATED,
  GRPC.PERMISSION_DENIED,
]);

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e != null && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** A gRPC status code somewhere in the error's cause chain. */
function grpcCode(err: unknown): number | undefined {
  for (const e of causes(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** grpc-js failures to reach the server at all ("Failed to connect before the deadline", ECONNREFUSED). */
const NOT_CONNECTED = /failed to connect|connection refused|ECONNREFUSED|no connection established/i;

export function isUnreachable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = grpcCode(err);
  if (code !== undefined) return UNREACHABLE_CODES.has(code);
  return causes(err).some((e) => e instanceof Error && NOT_CONNECTED.test(e.message));
}

/** Whether a failed call certainly never reached Temporal (no connection was made). */
function neverSent(err: unknown): boolean {
  return causes(err).some(
    (e) =>
      e instanceof Error && NOT_CONNECTED.test(`${e.message} ${(e as { details?: unknown }).details ?? ''}`),
  );
}

/**
 * The answer to an action whose update was sent but not confirmed: a deadline, or Temporal gone mid-call (a
 * dropped connection), may follow an update the server took, so "try again" could apply it twice. Undefined
 * when the failure says something else (then `fromTemporal` answers it), or the call surely never left.
 */
export function unconfirmedAction(err: unknown, keyed: boolean): ApiError | undefined {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return notConfirmed(keyed);
  if (isUnreachable(err) && !neverSent(err)) return notConfirmed(keyed);
  return undefined;
}

/** The API error for a Temporal failure, or undefined when it is not one this API knows how to answer. */
export function fromTemporal(err: unknown): ApiError | undefined {
  if (
    err instanceof WorkflowUpdateFailedError &&
    err.cause instanceof ApplicationFailure &&
    isRejection(err.cause.type)
  ) {
    const type = err.cause.type;
    const details = err.cause.details?.[0];
    return new ApiError(
      REJECTION_STATUS[type],
      type satisfies ErrorCode,
      err.cause.message,
      details ?? undefined,
    );
  }
  if (err instanceof WorkflowNotFoundError)
    return new ApiError(404, 'not_found', unknownCaseMessage(err.workflowId));
  if (err instanceof QueryNotRegisteredError) return new ApiError(404, 'not_found', 'no such case');
  if (err instanceof NamespaceNotFoundError)
    return new ApiError(503, 'unavailable', `Temporal namespace ${err.namespace} does not exist`);
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return notConfirmed(false);
  if (isUnreachable(err))
    return new ApiError(503, 'unavailable', 'Temporal is unreachable; try again shortly');
  return undefined;
}

/** What a 503 that leaves an action's fate open tells the client about sending it again. */
const RESEND_KEYED = 'Sending it again with the same Idempotency-Key is safe: the case applies it once';
const RESEND_HINT = 'an action sent with an Idempotency-Key may be sent again safely';

/** Sent but not confirmed: the case may still take the action once a worker picks it up. */
export function notConfirmed(keyed: boolean): ApiError {
  return new ApiError(
    503,
    'unavailable',
    'The case did not confirm the action in time; it may still take it' +
      (keyed ? `. ${RESEND_KEYED}` : `: read the case before sending it again (${RESEND_HINT})`),
  );
}

/** The case accepted the action (it is applied and durable) but the view cannot be read now. */
export function acceptedButUnreadable(keyed: boolean): ApiError {
  return new ApiError(
    503,
    'unavailable',
    'The case accepted the action and is still carrying it out, but cannot show it now: ' +
      (keyed
        ? `read the case for its outcome. ${RESEND_KEYED}`
        : `do not send it again; read the case for its outcome (${RESEND_HINT})`),
    { accepted: true },
  );
}
