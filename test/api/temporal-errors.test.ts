/**
 * What an action's caller is told when its update's fate is unknown. The errors are built the way grpc-js builds
 * them (`callErrorFromStatus`: message, code, details, metadata) and wrapped the way the Temporal client wraps them
 * (`ServiceError` with the gRPC error as cause), so the classification meets the shapes it meets in production.
 */
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { unconfirmedAction } from '../../api/temporal/errors';

/** gRPC status codes (grpc-js `status`). */
const status = { INVALID_ARGUMENT: 3, UNAVAILABLE: 14 } as const;

function grpcError(code: (typeof status)[keyof typeof status], details: string): ServiceError {
  const name = Object.keys(status).find((k) => status[k as keyof typeof status] === code);
  const cause = Object.assign(new Error(`${code} ${name}: ${details}`), { code, details, metadata: {} });
  return new ServiceError('Failed to start update', { cause });
}

test('a connection dropped mid-call may have delivered the update: not confirmed, read before resending', () => {
  const answer = unconfirmedAction(grpcError(status.UNAVAILABLE, 'Connection dropped'), false);
  expect(answer?.statusCode).toBe(503);
  expect(answer?.toBody()).toEqual({
    error: 'unavailable',
    message: expect.stringContaining('it may still take it: read the case before sending it again'),
  });
});

test('with an Idempotency-Key the same answer says resending is safe', () => {
  const answer = unconfirmedAction(grpcError(status.UNAVAILABLE, 'Connection dropped'), true);
  expect(answer?.toBody().message).toContain('Sending it again with the same Idempotency-Key is safe');
});

test("a deadline passed while waiting for the case's answer: not confirmed", () => {
  const answer = unconfirmedAction(
    new WorkflowUpdateRPCTimeoutOrCancelledError('Timeout', { cause: new Error('deadline') }),
    false,
  );
  expect(answer?.toBody().message).toContain('it may still take it');
});

test('no connection was ever made: left to the general answer ("try again shortly")', () => {
  const refused = grpcError(
    status.UNAVAILABLE,
    'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233',
  );
  expect(unconfirmedAction(refused, false)).toBeUndefined();
});

test('failures that are not about reaching Temporal are not classified here', () => {
  expect(unconfirmedAction(grpcError(status.INVALID_ARGUMENT, 'bad request'), false)).toBeUndefined();
  expect(unconfirmedAction(new Error('something else'), false)).toBeUndefined();
});
