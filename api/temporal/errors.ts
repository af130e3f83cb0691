/** How failures from the Temporal client become API errors. */
import {
  ApplicationFailure,
  NamespaceNotFoundError,
  QueryNotRegisteredError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { causeChain, grpcStatusOf, GrpcStatus } from '../../platform/grpc-status';
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

/**
 * The gRPC outcomes that mean "Temporal is not there for us right now", not "your request is wrong", and what
 * each says about a call that was sent: `mayHaveArrived` when the server may have taken it before the answer was
 * lost (a deadline, a cancelled call, a dropped connection), false when the server surely refused it. One table
 * for starts and updates alike.
 */
const GRPC_UNREACHABLE: Partial<Record<GrpcStatus, { mayHaveArrived: boolean }>> = {
  [GrpcStatus.CANCELLED]: { mayHaveArrived: true },
  [GrpcStatus.DEADLINE_EXCEEDED]: { mayHaveArrived: true },
  [GrpcStatus.PERMISSION_DENIED]: { mayHaveArrived: false },
  // The client retries it (and UNAVAILABLE): a final one may follow an earlier attempt the server took.
  [GrpcStatus.RESOURCE_EXHAUSTED]: { mayHaveArrived: true },
  [GrpcStatus.UNAVAILABLE]: { mayHaveArrived: true },
  [GrpcStatus.UNAUTHENTICATED]: { mayHaveArrived: false },
};

/**
 * grpc-js failures to reach the server at all ("Failed to connect before the deadline", ECONNREFUSED), and
 * deadlines that passed before the call was on a connection: grpc-js names the phase it was in ("waiting for
 * name resolution", "waiting for metadata filters", "Waiting for LB pick"); a sent call names its remote_addr.
 */
const NOT_CONNECTED =
  /failed to connect|connection refused|ECONNREFUSED|no connection established|waiting for (name resolution|metadata filters|LB pick)/i;

export function isUnreachable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = grpcStatusOf(err);
  if (code !== undefined) return GRPC_UNREACHABLE[code] !== undefined;
  return causeChain(err).some((e) => e instanceof Error && NOT_CONNECTED.test(e.message));
}

/** Whether a gRPC failure's text says no connection was made (the call never left). */
export const notConnected = (text: string): boolean => NOT_CONNECTED.test(text);

/** Whether a failed call certainly never reached Temporal (no connection was made). */
function neverSent(err: unknown): boolean {
  return causeChain(err).some(
    (e) => e instanceof Error && notConnected(`${e.message} ${(e as { details?: unknown }).details ?? ''}`),
  );
}

/**
 * Whether a call failed in a way that leaves its fate open: Temporal may have taken it before the answer was
 * lost. False for answers (even refusals) and for calls that surely never left.
 */
export function fateUnknown(err: unknown): boolean {
  if (!isUnreachable(err) || neverSent(err)) return false;
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = grpcStatusOf(err);
  return code === undefined || GRPC_UNREACHABLE[code]?.mayHaveArrived === true;
}

/**
 * The answer to an action whose update was sent but not confirmed: a deadline, or Temporal gone mid-call (a
 * dropped connection), may follow an update the server took, so "try again" could apply it twice. Undefined
 * when the failure says something else (then `fromTemporal` answers it), or the call surely never left.
 */
export function unconfirmedAction(err: unknown, keyed: boolean): ApiError | undefined {
  return fateUnknown(err) ? notConfirmed(keyed) : undefined;
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

/** Opening a case failed before Temporal took it: nothing was started, and opening it again is safe. */
export function caseNotOpened(why: string): ApiError {
  return new ApiError(503, 'unavailable', `The case was NOT opened: ${why}. Opening it again is safe`);
}

/** Temporal cannot tell whether the case was started (it may have been): look before opening it again. */
export function openingUnconfirmed(caseId: string, keyed: boolean): ApiError {
  return new ApiError(
    503,
    'unavailable',
    `Temporal did not confirm whether case ${caseId} was opened: read GET /v1/cases/${caseId} before ` +
      (keyed
        ? 'opening it again, or send the same request with the same Idempotency-Key (it opens the case once)'
        : 'opening it again (an Idempotency-Key makes opening safe to repeat)'),
    { caseId },
  );
}
