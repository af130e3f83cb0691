/**
 * API.md, "Opening never says try again for a case it opened", through the API's gRPC retries
 * (api/temporal/retries.ts): a start that reached Temporal, whose answer was lost with the connection, and whose
 * retries then found no connection at all, is a case that was opened. The API settles it (201), never "NOT
 * opened", which would have the platform open it a second time. The network fails chosen attempts inside the
 * retries; Temporal and the worker are real.
 */
import { InterceptingCall, Metadata, status, type Interceptor } from '@grpc/grpc-js';
import { call, conciergeBody, startHarness, type Harness } from '../support/api-harness';
import { unsentCall } from '../support/grpc-faults';

let startAttempts = 0;

/** The first start goes through and its answer is lost; every later one finds no connection. */
const lostAnswerThenNoConnection: Interceptor = (options, nextCall) => {
  if (!options.method_definition.path.endsWith('/ExecuteMultiOperation')) {
    return new InterceptingCall(nextCall(options));
  }
  startAttempts += 1;
  if (startAttempts === 1) {
    return new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        next(metadata, {
          // The answer arrives, then the status says the connection dropped: a unary call fails on the status.
          onReceiveMessage: (message, nextMessage) => nextMessage(message),
          onReceiveStatus: (_status, nextStatus) =>
            nextStatus({ code: status.UNAVAILABLE, details: 'Connection dropped', metadata: new Metadata() }),
        });
      },
    });
  }
  return unsentCall(
    options,
    nextCall,
    'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233',
  );
};

let h: Harness;
beforeAll(async () => {
  // A deadline longer than the client's default retries take, so that they could run out.
  h = await startHarness({ networkFaults: [lostAnswerThenNoConnection], temporalCallTimeoutMs: 30_000 });
});
afterAll(async () => {
  await h?.close();
});

test('a start whose answer was lost, then found no connection, is settled as opened: 201, one case', async () => {
  const res = await call(h.app, 'app', 'POST', '/v1/cases', conciergeBody());
  expect(res.status).toBe(201);
  // Not retried past the lost answer: the API described the case instead.
  expect(startAttempts).toBe(1);
  const described = await h.env.client.workflow.getHandle(res.body.id).describe();
  expect(described.status.name).toBe('RUNNING');
});
