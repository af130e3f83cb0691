/**
 * An action the case accepted is applied: when Temporal fails the API after the acceptance (the wait for the
 * update's outcome, or the read of a long timeline), the answer is the case as it stands or a 503 saying the
 * action was taken, never "try again", which would apply it twice. The network between the API and Temporal
 * fails chosen calls (a gRPC interceptor outside the client's retries); Temporal and the worker are real.
 */
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { setTimeout as sleep } from 'node:timers/promises';
import { UPDATE_RESULT_TIMELINE_ENTRIES } from '../../workflows/messages';
import { call, conciergeBody, openCase, startHarness, type Harness } from '../support/api-harness';
import { eventually } from '../support/eventually';
import { unsentCall } from '../support/grpc-faults';

/** The Temporal service methods the network refuses now (`UNAVAILABLE`, as a frontend gone mid-call). */
const refused = new Set<string>();

const flakyNetwork: Interceptor = (options, nextCall) => {
  const method = options.method_definition.path.split('/').pop() ?? '';
  if (!refused.has(method)) return new InterceptingCall(nextCall(options));
  return unsentCall(options, nextCall, 'the test network dropped the call');
};

const SLOW_PAYMENT_MS = 1_500;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    connectionInterceptors: [flakyNetwork],
    faults: {
      after: async (operation, input) => {
        if (operation === 'pay' && input.idempotencyKey.includes('/c1/')) await sleep(SLOW_PAYMENT_MS);
      },
    },
  });
});
afterEach(() => refused.clear());
afterAll(async () => {
  await h?.close();
});

test('a compensation accepted, whose outcome cannot be awaited, answers with the case as it stands and pays once', async () => {
  const view = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
  expect((await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${view.id}/callback`, {})).status).toBe(200);

  refused.add('PollWorkflowExecutionUpdate');
  const res = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${view.id}/compensations`, {
    kind: 'instant_refund',
    amount: { amount: 12_300, currency: 'CNY' },
    reason: 'the car was late',
  });
  expect(res.status).toBe(200);
  expect(res.body.compensations).toEqual([expect.objectContaining({ id: 'c1' })]);

  await eventually(
    'the refund to be executed',
    async () => {
      const now = await call(h.app, 'eng-1', 'GET', `/v1/cases/${view.id}`);
      expect(now.body.compensations[0].status).toBe('executed');
      return now.body;
    },
    { timeoutMs: 30_000 },
  );
  const pays = (await h.edges.journals.payments.calls()).filter((c) => c.key.startsWith(`${view.id}/`));
  expect(pays.map((c) => [c.key, c.duplicate])).toEqual([[`${view.id}/c1/refund member`, false]]);
});

test('a note taken on a long timeline that cannot be read back answers 503 "do not send it again", and is there once', async () => {
  const view = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
  let timeline = view.timeline.length;
  for (let i = 0; timeline < UPDATE_RESULT_TIMELINE_ENTRIES; i += 1) {
    const note = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${view.id}/notes`, { text: `note ${i}` });
    expect(note.status).toBe(200);
    timeline = note.body.timeline.length;
  }

  refused.add('QueryWorkflow');
  const res = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${view.id}/notes`, {
    text: 'the member called back',
  });
  expect(res.status).toBe(503);
  expect(res.body).toEqual({
    error: 'unavailable',
    message: expect.any(String),
    details: { accepted: true },
  });
  expect(res.body.message).toContain('do not send it again');

  refused.clear();
  const now = await call(h.app, 'eng-1', 'GET', `/v1/cases/${view.id}`);
  expect(now.status).toBe(200);
  expect(JSON.stringify(now.body.timeline).split('the member called back')).toHaveLength(2);
});
