/**
 * What an action's caller is told when its update's fate is unknown. The errors are built the way grpc-js builds
 * them (`callErrorFromStatus`: message, code, details, metadata) and wrapped the way the Temporal client wraps them
 * (`ServiceError` with the gRPC error as cause), so the classification meets the shapes it meets in production.
 */
import { status } from '@grpc/grpc-js';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { fateUnknown, fromTemporal, isUnreachable, unconfirmedAction } from '../../api/temporal/errors';

function grpcError(code: status, details: string): ServiceError {
  const cause = Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: {},
  });
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

describe('one table of gRPC outcomes, for starts and updates alike', () => {
  test('CANCELLED is Temporal not being there (503, never a 500), and its call may have arrived', () => {
    const cancelled = grpcError(status.CANCELLED, 'Cancelled on client');
    expect(isUnreachable(cancelled)).toBe(true);
    expect(fateUnknown(cancelled)).toBe(true);
    expect(fromTemporal(cancelled)?.statusCode).toBe(503);
    expect(unconfirmedAction(cancelled, false)?.toBody().message).toContain('it may still take it');
  });

  test('a deadline after the call went out (remote_addr) leaves its fate open', () => {
    const sent = grpcError(
      status.DEADLINE_EXCEEDED,
      'Deadline exceeded after 10.001s,LB pick: 0.001s,remote_addr=127.0.0.1:7233',
    );
    expect(fateUnknown(sent)).toBe(true);
  });

  test.each(['waiting for name resolution', 'waiting for metadata filters', 'Waiting for LB pick'])(
    'a deadline that passed %s: the call never left',
    (phase) => {
      const unsent = grpcError(status.DEADLINE_EXCEEDED, `Deadline exceeded after 1.001s,${phase}`);
      expect(isUnreachable(unsent)).toBe(true);
      expect(fateUnknown(unsent)).toBe(false);
      expect(unconfirmedAction(unsent, false)).toBeUndefined();
    },
  );

  test('a refusal by the server (PERMISSION_DENIED) is unreachable but certain: nothing was taken', () => {
    const denied = grpcError(status.PERMISSION_DENIED, 'Request unauthorized');
    expect(isUnreachable(denied)).toBe(true);
    expect(fateUnknown(denied)).toBe(false);
  });

  test('RESOURCE_EXHAUSTED may follow an earlier attempt the server took (the client retries): fate open', () => {
    expect(fateUnknown(grpcError(status.RESOURCE_EXHAUSTED, 'namespace rate limit exceeded'))).toBe(true);
  });
});
